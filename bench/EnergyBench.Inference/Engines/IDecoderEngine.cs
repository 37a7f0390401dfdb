namespace EnergyBench.Inference.Engines;

/// <summary>
/// A loaded causal language model in one serving configuration. It owns the native resources (sessions, tensors) and
/// hands out decoding sessions, each holding one sequence's KV cache.
/// </summary>
public interface IDecoderEngine : IDisposable
{
    ServingConfiguration Configuration { get; }

    int VocabSize { get; }

    /// <summary>The longest sequence (prompt + generated tokens) the model accepts.</summary>
    int MaxPositions { get; }

    /// <summary>What a report needs to reproduce the run: native library versions, thread counts, provider options.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    IDecoderSession StartSession();

    /// <summary>
    /// A session of <paramref name="rows"/> sequences decoded together; throws <see cref="ConfigurationUnavailableException"/>
    /// where the configuration decodes one sequence at a time only.
    /// </summary>
    IBatchDecoderSession StartBatch(int rows) =>
        throw new ConfigurationUnavailableException(Configuration, $"batches of {rows} sequences are not supported by this engine");

    /// <summary>Returns when all work queued on the device is done, so a measurement window closes after its work.</summary>
    void Synchronize();
}

/// <summary>One sequence being decoded. Each <see cref="Step"/> appends tokens to the KV cache.</summary>
public interface IDecoderSession : IDisposable
{
    /// <summary>Tokens in the cache so far.</summary>
    int Length { get; }

    /// <summary>
    /// Runs the model on <paramref name="tokenIds"/> (the prompt first, then one token at a time) and returns the
    /// logits of the last position, valid until the next call.
    /// </summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds);
}

/// <summary>
/// Several sequences decoded together, each a row of the same length: shorter prompts are padded on the left and the
/// padding is hidden by the attention mask, so each row's logits are those of its sequence alone. A row's positions
/// count only its own tokens (cumsum(mask) - 1, as Hugging Face numbers a left-padded batch).
/// </summary>
public interface IBatchDecoderSession : IDisposable
{
    int Rows { get; }

    /// <summary>Positions in the cache so far, padding included; the same for every row.</summary>
    int Length { get; }

    /// <summary>
    /// Runs the model on <paramref name="tokenIds"/>, <see cref="Rows"/> rows of n new tokens each, row after row;
    /// <paramref name="attended"/> (the same size) is false where a token is padding. Returns the logits of each row's
    /// last position, [rows, vocab] row after row, valid until the next call.
    /// </summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended);
}
