using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>How the Metaspace pre-tokenizer marks words: spaces become <see cref="Replacement"/>, a leading one is
/// prepended (always, only to the text's first section, or never), and with <see cref="Split"/> every word starts at one.</summary>
public sealed record Metaspace(string Replacement, MetaspacePrepend Prepend, bool Split);

public enum MetaspacePrepend { Always, First, Never }

/// <summary>
/// A SentencePiece-style tokenizer.json (Llama, TinyLlama, Gemma) as Hugging Face's tokenizers encode it: added tokens
/// split off first, then each remaining section normalized (Llama's Prepend('▁') + Replace(' ', '▁'), Gemma's Replace),
/// marked by the Metaspace pre-tokenizer where the file has one, and run through <see cref="SentencePieceBpe"/>; the
/// post-processor's special tokens (BOS) around the whole unless loaded without them. Token offsets are those of the
/// section of the text a token came from (normalization changes lengths); normalization and pre-tokenization are part
/// of the file's rules and always apply, whatever <see cref="EncodeSettings"/> says.
/// </summary>
public sealed class SentencePieceBpeTokenizer : Tokenizer
{
    private readonly SentencePieceBpe _model;
    private readonly IReadOnlyDictionary<string, int> _addedTokens;
    private readonly IReadOnlyDictionary<string, int> _normalizedAddedTokenIds;
    private readonly AddedTokenSplitter _rawAddedTokens, _normalizedAddedTokens;
    private readonly Func<string, string>? _normalizer;
    private readonly Metaspace? _metaspace;
    private readonly IReadOnlyDictionary<int, string> _pieces;
    private readonly PieceDecoder _decoder;
    private readonly SpecialTokenTemplate _template;
    private readonly bool _addSpecialTokens;

    /// <param name="addedTokens">Added tokens by content; those in <paramref name="normalizedAddedTokens"/> are matched in the normalized text.</param>
    public SentencePieceBpeTokenizer(SentencePieceBpe model, IReadOnlyDictionary<string, int> addedTokens, IReadOnlySet<string> normalizedAddedTokens,
        Func<string, string>? normalizer, Metaspace? metaspace, IReadOnlyDictionary<int, string> pieces, PieceDecoder decoder,
        SpecialTokenTemplate template, bool addSpecialTokens)
    {
        _model = model;
        _addedTokens = addedTokens;
        _rawAddedTokens = new AddedTokenSplitter(addedTokens.Keys.Where(t => normalizer is null || !normalizedAddedTokens.Contains(t)));
        _normalizedAddedTokenIds = normalizer is null ? new Dictionary<string, int>()
            : addedTokens.Where(t => normalizedAddedTokens.Contains(t.Key)).DistinctBy(t => normalizer(t.Key)).ToDictionary(t => normalizer(t.Key), t => t.Value);
        _normalizedAddedTokens = new AddedTokenSplitter(_normalizedAddedTokenIds.Keys);
        _normalizer = normalizer;
        _metaspace = metaspace;
        _pieces = pieces;
        _decoder = decoder;
        _template = template;
        _addSpecialTokens = addSpecialTokens;
    }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        text ??= textSpan.ToString();
        var tokens = new List<EncodedToken>();
        var template = _addSpecialTokens ? _template : SpecialTokenTemplate.None;
        foreach (int id in template.Before.Select(t => t.Id))
            tokens.Add(Token(id, 0, 0));
        int sectionIndex = 0;
        foreach (var (start, length, isAdded) in _rawAddedTokens.Split(text))
        {
            if (isAdded)
                tokens.Add(Token(_addedTokens[text.Substring(start, length)], start, length));
            else
                foreach (int id in EncodeSection(text.Substring(start, length), sectionIndex))
                    tokens.Add(Token(id, start, length));
            sectionIndex++;
        }
        foreach (int id in template.After.Select(t => t.Id))
            tokens.Add(Token(id, text.Length, 0));

        int charsConsumed = text.Length;
        if (tokens.Count > settings.MaxTokenCount)
        {
            tokens.RemoveRange(settings.MaxTokenCount, tokens.Count - settings.MaxTokenCount);
            charsConsumed = tokens.Count == 0 ? 0 : tokens[^1].Offset.End.Value;
        }
        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = charsConsumed, NormalizedText = null };

        EncodedToken Token(int id, int start, int length) => new(id, _pieces.GetValueOrDefault(id, ""), new Range(start, start + length));
    }

    /// <summary>One section between added tokens: normalized, its normalized added tokens split off, words marked, BPE.</summary>
    private List<int> EncodeSection(string section, int sectionIndex)
    {
        var ids = new List<int>();
        string normalized = _normalizer?.Invoke(section) ?? section;
        foreach (var (start, length, isAdded) in _normalizedAddedTokens.Split(normalized))
        {
            string part = normalized.Substring(start, length);
            if (isAdded)
                ids.Add(_normalizedAddedTokenIds[part]);
            else
                _model.Encode(Words(part, sectionIndex), ids);
        }
        return ids;
    }

    private IEnumerable<string> Words(string text, int sectionIndex)
    {
        if (_metaspace is not { } metaspace)
            return [text];
        string marked = text.Replace(" ", metaspace.Replacement);
        if (!marked.StartsWith(metaspace.Replacement, StringComparison.Ordinal)
            && (metaspace.Prepend == MetaspacePrepend.Always || metaspace.Prepend == MetaspacePrepend.First && sectionIndex == 0))
            marked = metaspace.Replacement + marked;
        return metaspace.Split ? SplitBeforeEach(marked, metaspace.Replacement) : [marked];
    }

    /// <summary>"▁a▁▁b" as "▁a", "▁", "▁b": each replacement character starts a word (Hugging Face's MergedWithNext).</summary>
    private static IEnumerable<string> SplitBeforeEach(string text, string replacement)
    {
        int start = 0;
        for (int at = text.IndexOf(replacement, 1, StringComparison.Ordinal); at > 0; at = text.IndexOf(replacement, at + replacement.Length, StringComparison.Ordinal))
        {
            yield return text[start..at];
            start = at;
        }
        yield return text[start..];
    }

    /// <summary>The text of <paramref name="ids"/> as the file's decoder gives it, without the post-processor's special tokens
    /// (whether or not this tokenizer adds them).</summary>
    public override string Decode(IEnumerable<int> ids)
    {
        var skipped = _template.Ids;
        return _decoder.Decode(ids.Where(id => !skipped.Contains(id)).Select(id => _pieces.GetValueOrDefault(id, "")));
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        PieceDecoder.CopyAll(ids.ToList(), Decode, destination, out idsConsumed, out charsWritten);
}
