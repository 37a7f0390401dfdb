using System.Text.RegularExpressions;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Splits added tokens (special tokens, FIM markers) off a text before anything else sees it: at the leftmost place
/// where one occurs the longest wins, as Hugging Face matches them.
/// </summary>
public sealed class AddedTokenSplitter
{
    private readonly Regex? _pattern;

    public AddedTokenSplitter(IEnumerable<string> tokens)
    {
        var ordered = tokens.Where(t => t.Length > 0).Distinct().OrderByDescending(t => t.Length).ToList();
        _pattern = ordered.Count == 0 ? null : new Regex(string.Join("|", ordered.Select(Regex.Escape)), RegexOptions.Compiled);
    }

    /// <summary>The text in pieces (start, length), each either an added token or the text between them; none empty.</summary>
    public IEnumerable<(int Start, int Length, bool IsAdded)> Split(string text)
    {
        int position = 0;
        foreach (Match match in _pattern?.Matches(text) ?? (IEnumerable<Match>)[])
        {
            if (match.Index > position)
                yield return (position, match.Index - position, false);
            yield return (match.Index, match.Length, true);
            position = match.Index + match.Length;
        }
        if (text.Length > position)
            yield return (position, text.Length - position, false);
    }
}
