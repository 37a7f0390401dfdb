using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// A SentencePiece BPE <c>tokenizer.model</c> (Llama, Gemma) through Microsoft.ML.Tokenizers' SentencePieceTokenizer,
/// with two of its defects worked around:
/// <list type="bullet">
/// <item>its BPE model ignores USER_DEFINED pieces (Gemma's whitespace runs, FIM markers), so those, the control and
/// the unknown piece are passed as special tokens, longest first (its special-token pattern takes the first that
/// matches), which also makes a literal "&lt;s&gt;" in the text the BOS id as Hugging Face's added tokens do;</item>
/// <item>its decoder drops every id below the byte pieces (Gemma keeps "\n" and "▁▁" there) and the special tokens, so
/// decoding is done here: byte pieces fused, '▁' to ' ', the prepended space stripped, control pieces (BOS/EOS) left out.</item>
/// </list>
/// Whether a '▁' is prepended (Llama yes, Gemma no) and byte fallback come from the model file.
/// </summary>
public sealed class SentencePieceModelTokenizer : Tokenizer
{
    private readonly SentencePieceTokenizer _inner;
    private readonly IReadOnlyList<string> _pieces;
    private readonly IReadOnlySet<int> _controlIds;
    private readonly PieceDecoder _decoder;

    private SentencePieceModelTokenizer(SentencePieceTokenizer inner, SentencePieceModelFile model)
    {
        _inner = inner;
        _pieces = model.Pieces.Select(p => p.Piece).ToList();
        _controlIds = Enumerable.Range(0, model.Pieces.Count).Where(i => model.Pieces[i].Type == SentencePieceModelFile.PieceType.Control).ToHashSet();
        _decoder = PieceDecoder.SentencePiece(stripPrependedSpace: model.AddDummyPrefix);
    }

    public static SentencePieceModelTokenizer Load(string path, bool addBeginningOfSentence, bool addEndOfSentence)
    {
        var model = SentencePieceModelFile.Read(path);
        if (model.ModelType != SentencePieceModelFile.Bpe)
            throw new ModelFormatException(path, $"SentencePiece model type {model.ModelType} is not supported (only BPE, type 2, as Llama and Gemma use)");
        if (model.NormalizerName is not ("" or "identity"))
            throw new ModelFormatException(path, $"SentencePiece normalizer '{model.NormalizerName}' is not supported (only identity, as Llama and Gemma use)");

        var special = new Dictionary<string, int>();
        foreach (var (piece, id) in model.Pieces.Select((p, id) => (p, id))
                     .Where(p => p.p.Type is SentencePieceModelFile.PieceType.UserDefined or SentencePieceModelFile.PieceType.Control or SentencePieceModelFile.PieceType.Unknown)
                     .OrderByDescending(p => p.p.Piece.Length).Select(p => (p.p.Piece, p.id)))
            if (piece.Length > 0)
                special.TryAdd(piece, id);
        try
        {
            using var stream = File.OpenRead(path);
            return new SentencePieceModelTokenizer(SentencePieceTokenizer.Create(stream, addBeginningOfSentence, addEndOfSentence, special), model);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(path, $"Microsoft.ML.Tokenizers could not read it ({e.Message})", e);
        }
    }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var tokens = _inner.EncodeToTokens(text ?? textSpan.ToString(), out string? normalized, settings.ConsiderPreTokenization, settings.ConsiderNormalization);
        var kept = tokens.Take(settings.MaxTokenCount).ToList();
        return new EncodeResults<EncodedToken>
        {
            Tokens = kept,
            NormalizedText = normalized,
            CharsConsumed = kept.Count == tokens.Count ? (text?.Length ?? textSpan.Length) : kept.Count == 0 ? 0 : kept[^1].Offset.End.Value,
        };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var ids = _inner.EncodeToIds(text ?? textSpan.ToString(), settings.MaxTokenCount, out string? normalized, out int charsConsumed,
            settings.ConsiderPreTokenization, settings.ConsiderNormalization);
        return new EncodeResults<int> { Tokens = ids, NormalizedText = normalized, CharsConsumed = charsConsumed };
    }

    public override string Decode(IEnumerable<int> ids) =>
        _decoder.Decode(ids.Where(id => !_controlIds.Contains(id) && id >= 0 && id < _pieces.Count).Select(id => _pieces[id]));

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        PieceDecoder.CopyAll(ids.ToList(), Decode, destination, out idsConsumed, out charsWritten);
}
