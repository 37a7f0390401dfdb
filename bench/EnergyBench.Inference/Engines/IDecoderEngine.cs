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
