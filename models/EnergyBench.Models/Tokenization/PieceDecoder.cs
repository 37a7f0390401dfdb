using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Turns SentencePiece-style pieces back into text, step by step as a tokenizer.json <c>decoder</c> lists them:
/// <c>Replace</c> ('▁' to ' '), <c>ByteFallback</c> (runs of &lt;0xXX&gt; pieces to their UTF-8 text), <c>Fuse</c> (one
/// string), <c>Strip</c> (the prepended space) and <c>Metaspace</c> ('▁' to ' ', the first piece's leading space dropped).
/// </summary>
public sealed class PieceDecoder
{
    private readonly IReadOnlyList<Func<List<string>, List<string>>> _steps;

    private PieceDecoder(IReadOnlyList<Func<List<string>, List<string>>> steps) => _steps = steps;

    /// <summary>What Hugging Face's converter writes for a SentencePiece model (the Llama and Gemma decoder).</summary>
    public static PieceDecoder SentencePiece(bool stripPrependedSpace) =>
        new([Replace("▁", " "), ByteFallback, Fuse, .. stripPrependedSpace ? [Strip(' ', 1, 0)] : Array.Empty<Func<List<string>, List<string>>>()]);

    public static PieceDecoder FromJson(JsonNode? node, string path)
    {
        var steps = new List<Func<List<string>, List<string>>>();
        foreach (var step in TokenizerJsonSteps.Flatten(node, "decoders"))
        {
            string? type = TokenizerJsonSteps.Type(step);
            switch (type)
            {
                case "Replace":
                    string from = step["pattern"]?["String"]?.GetValue<string>()
                        ?? throw new ModelFormatException(path, "decoder 'Replace' with a regex pattern is not supported (only a String pattern)");
                    steps.Add(Replace(from, step["content"]?.GetValue<string>() ?? ""));
                    break;
                case "ByteFallback":
                    steps.Add(ByteFallback);
                    break;
                case "Fuse":
                    steps.Add(Fuse);
                    break;
                case "Strip":
                    string content = step["content"]?.GetValue<string>() ?? " ";
                    if (content.Length != 1)
                        throw new ModelFormatException(path, $"decoder 'Strip' of '{content}' is not supported (only one character)");
                    steps.Add(Strip(content[0], step["start"]?.GetValue<int>() ?? 0, step["stop"]?.GetValue<int>() ?? 0));
                    break;
                case "Metaspace":
                    steps.Add(Metaspace(step["replacement"]?.GetValue<string>() ?? "▁"));
                    break;
                default:
                    throw new ModelFormatException(path, $"decoder '{type}' is not supported with a SentencePiece-style BPE " +
                                                         "(supported: Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence of them)");
            }
        }
        return new PieceDecoder(steps);
    }

    public string Decode(IEnumerable<string> pieces) => string.Concat(_steps.Aggregate(pieces.ToList(), (current, step) => step(current)));

    private static Func<List<string>, List<string>> Replace(string from, string to) => pieces => pieces.Select(p => p.Replace(from, to)).ToList();

    private static List<string> Fuse(List<string> pieces) => [string.Concat(pieces)];

    /// <summary>Up to <paramref name="start"/> leading and <paramref name="stop"/> trailing <paramref name="content"/> off every piece.</summary>
    private static Func<List<string>, List<string>> Strip(char content, int start, int stop) => pieces => pieces.Select(piece =>
    {
        int from = 0, to = piece.Length;
        while (from < start && from < to && piece[from] == content)
            from++;
        while (piece.Length - to < stop && to > from && piece[to - 1] == content)
            to--;
        return piece[from..to];
    }).ToList();

    private static Func<List<string>, List<string>> Metaspace(string replacement) => pieces => pieces.Select((piece, i) =>
    {
        string text = piece.Replace(replacement, " ");
        return i == 0 && text.StartsWith(' ') ? text[1..] : text;
    }).ToList();

    /// <summary>Runs of byte pieces become the text their bytes spell (invalid UTF-8 as U+FFFD).</summary>
    private static List<string> ByteFallback(List<string> pieces)
    {
        var result = new List<string>();
        var bytes = new List<byte>();
        foreach (string piece in pieces)
        {
            if (ByteOf(piece) is { } b)
            {
                bytes.Add(b);
                continue;
            }
            Flush();
            result.Add(piece);
        }
        Flush();
        return result;

        void Flush()
        {
            if (bytes.Count > 0)
                result.Add(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    /// <summary>The byte a &lt;0xXX&gt; piece stands for.</summary>
    public static byte? ByteOf(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b) ? b : null;

    public static string ByteToken(byte b) => $"<0x{b:X2}>";

    /// <summary>Tokenizer.Decode into a span, all or nothing: the text of every id, or none when it does not fit.</summary>
    public static OperationStatus CopyAll(IReadOnlyList<int> ids, Func<IEnumerable<int>, string> decode, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        string text = decode(ids);
        if (text.Length > destination.Length)
        {
            idsConsumed = charsWritten = 0;
            return OperationStatus.DestinationTooSmall;
        }
        text.CopyTo(destination);
        idsConsumed = ids.Count;
        charsWritten = text.Length;
        return OperationStatus.Done;
    }
}
