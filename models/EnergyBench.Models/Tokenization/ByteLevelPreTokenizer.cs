using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// The pre-tokenizer a byte-level <c>tokenizer.json</c> describes, as Hugging Face's tokenizers apply it: added tokens
/// split off first (longest first), then each step of the file's <c>pre_tokenizer</c> in turn: <c>Digits</c>
/// (StarCoder: every digit its own piece), <c>Split</c> with the <c>Isolated</c> behaviour (BLOOM: matches and the
/// text between them are pieces), <c>ByteLevel</c> (GPT-2's pattern when <c>use_regex</c>). No pre-tokenizer leaves
/// the text whole. Other steps are refused by name.
/// </summary>
public sealed partial class ByteLevelPreTokenizer : PreTokenizer
{
    private readonly AddedTokenSplitter _special;
    private readonly IReadOnlyList<Func<string, (int Start, int Length), IEnumerable<(int, int)>>> _steps;

    private ByteLevelPreTokenizer(IReadOnlyCollection<string> specialTokens, IReadOnlyList<Func<string, (int, int), IEnumerable<(int, int)>>> steps)
    {
        _special = new AddedTokenSplitter(specialTokens);
        _steps = steps;
    }

    /// <summary>GPT-2's pre-tokenizer: contractions, letters, digits and other symbols each with an optional leading
    /// space, and whitespace runs that leave their last space to the next word.</summary>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    public static partial Regex Gpt2Pattern();

    public static ByteLevelPreTokenizer Gpt2(IReadOnlyCollection<string> specialTokens) => new(specialTokens, [Matches(Gpt2Pattern())]);

    /// <summary>From a tokenizer.json <c>pre_tokenizer</c> node (null: the text whole).</summary>
    public static ByteLevelPreTokenizer FromJson(JsonNode? node, IReadOnlyCollection<string> specialTokens, string path)
    {
        var steps = new List<Func<string, (int, int), IEnumerable<(int, int)>>>();
        foreach (var step in TokenizerJsonSteps.Flatten(node, "pretokenizers"))
        {
            string type = TokenizerJsonSteps.Type(step) ?? "";
            switch (type)
            {
                case "ByteLevel":
                    if (step["use_regex"]?.GetValue<bool>() ?? true)
                        steps.Add(Matches(Gpt2Pattern()));
                    break;
                case "Digits":
                    steps.Add(Digits(step["individual_digits"]?.GetValue<bool>() ?? false));
                    break;
                case "Split" when step["behavior"]?.GetValue<string>() == "Isolated" && step["invert"]?.GetValue<bool>() != true:
                    string pattern = step["pattern"]?["Regex"]?.GetValue<string>() is { } regex
                        ? FlattenNestedClasses(regex)
                        : Regex.Escape(step["pattern"]?["String"]?.GetValue<string>() ?? throw new ModelFormatException(path, "a Split pre-tokenizer without a pattern"));
                    steps.Add(Isolated(new Regex(pattern, RegexOptions.Compiled)));
                    break;
                default:
                    throw new ModelFormatException(path, $"pre-tokenizer '{type}'{(type == "Split" ? " with a behaviour other than Isolated" : "")} is not supported " +
                                                         "(supported: ByteLevel, Digits, Split with Isolated, Sequence of them)");
            }
        }
        return new ByteLevelPreTokenizer(specialTokens, steps);
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => PreTokenizeText(text ?? "");

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenizeText(text.ToString());

    private IEnumerable<(int Offset, int Length)> PreTokenizeText(string text) =>
        _special.Split(text).SelectMany(piece => piece.IsAdded ? [(piece.Start, piece.Length)] : Apply(text, (piece.Start, piece.Length)));

    /// <summary>Every step in turn on the pieces the previous ones left.</summary>
    private IEnumerable<(int, int)> Apply(string text, (int Start, int Length) segment)
    {
        IEnumerable<(int Start, int Length)> pieces = segment.Length > 0 ? [segment] : [];
        foreach (var step in _steps)
        {
            var current = pieces;
            pieces = current.SelectMany(piece => step(text, piece)).ToList();
        }
        return pieces;
    }

    /// <summary>The pattern's matches within the piece (GPT-2's pattern matches every character).</summary>
    private static Func<string, (int, int), IEnumerable<(int, int)>> Matches(Regex pattern) => (text, piece) =>
        pattern.Matches(text.Substring(piece.Item1, piece.Item2)).Select(m => (piece.Item1 + m.Index, m.Length));

    /// <summary>Matches and the text between them, each a piece.</summary>
    private static Func<string, (int, int), IEnumerable<(int, int)>> Isolated(Regex pattern) => (text, piece) =>
    {
        var pieces = new List<(int, int)>();
        int start = piece.Item1, end = piece.Item1 + piece.Item2, position = start;
        foreach (Match match in pattern.Matches(text.Substring(start, piece.Item2)))
        {
            int at = start + match.Index;
            if (at > position)
                pieces.Add((position, at - position));
            if (match.Length > 0)
                pieces.Add((at, match.Length));
            position = at + match.Length;
        }
        if (end > position)
            pieces.Add((position, end - position));
        return pieces;
    };

    /// <summary>Digits apart from the rest: each digit alone, or runs of digits together.</summary>
    private static Func<string, (int, int), IEnumerable<(int, int)>> Digits(bool individual) =>
        Isolated(new Regex(individual ? @"\p{N}" : @"\p{N}+", RegexOptions.Compiled));

    /// <summary>
    /// Oniguruma (which Hugging Face's tokenizers use) allows a class inside a class, meaning their union; .NET does
    /// not (BLOOM's <c>[^(\s|[.,!?…])]</c> fails to compile). The inner brackets are dropped, which keeps the union.
    /// </summary>
    public static string FlattenNestedClasses(string pattern)
    {
        var flat = new StringBuilder(pattern.Length);
        int depth = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                flat.Append(c).Append(pattern[++i]);
                continue;
            }
            if (c == '[')
            {
                depth++;
                if (depth > 1)
                    continue;
            }
            else if (c == ']' && depth > 0)
            {
                depth--;
                if (depth > 0)
                    continue;
            }
            flat.Append(c);
        }
        return flat.ToString();
    }
}
