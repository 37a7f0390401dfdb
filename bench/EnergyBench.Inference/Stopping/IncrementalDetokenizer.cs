using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Stopping;

/// <summary>
/// The text of generated tokens, piece by piece, decoding only the newest tokens with a few before them as context
/// (as Hugging Face's text-generation-inference does): the context keeps a SentencePiece token's leading space, and
/// tokens whose bytes are not yet valid UTF-8 (a byte-level BPE piece of a multi-byte character, decoded as U+FFFD)
/// wait until the character is complete, at most <see cref="MaxPending"/> tokens.
/// </summary>
public sealed class IncrementalDetokenizer
{
    /// <summary>Tokens of context decoded before the new ones.</summary>
    private const int Context = 4;

    /// <summary>A UTF-8 character has at most 4 bytes: after that many tokens an U+FFFD is in the text itself.</summary>
    public const int MaxPending = 4;

    private const char Replacement = '\uFFFD';

    private readonly Tokenizer _tokenizer;
    private readonly List<int> _ids;
    private int _prefix, _read;

    public IncrementalDetokenizer(Tokenizer tokenizer, ReadOnlySpan<int> promptIds)
    {
        _tokenizer = tokenizer;
        _ids = [.. promptIds];
        _read = _ids.Count;
        _prefix = Math.Max(0, _read - Context);
        PromptText = tokenizer.Decode(_ids) ?? "";
    }

    public string PromptText { get; }

    /// <summary>The text <paramref name="token"/> completes: "" while it waits for the rest of a character.</summary>
    public string Add(int token)
    {
        _ids.Add(token);
        string before = Decode(_prefix, _read), after = Decode(_prefix, _ids.Count);
        if (after.Length <= before.Length || (after.EndsWith(Replacement) && _ids.Count - _read < MaxPending))
            return "";
        _prefix = _read;
        _read = _ids.Count;
        return after[before.Length..];
    }

    private string Decode(int from, int to) => from == to ? "" : _tokenizer.Decode(_ids.GetRange(from, to - from)) ?? "";
}
