using EnergyBench.Inference.Stopping;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Tests.Stopping;

/// <summary>The stop rules on crafted token streams in cl100k, the synthetic models' tokenizer.</summary>
public class StopCriteriaTests
{
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");
    private const int EndOfText = 100257;
    private static readonly IReadOnlySet<int> End = new HashSet<int> { EndOfText };

    private static int[] Ids(string text) => [.. Cl100k.EncodeToIds(text)];

    /// <summary>Each piece encoded on its own, so the stream splits the text exactly there.</summary>
    private static int[] Stream(params string[] pieces) => pieces.SelectMany(Ids).ToArray();

    /// <summary>The index of the token the criterion stops at, or -1 when it never does.</summary>
    private static int StopsAt(IStopRule rule, string prompt, int[] stream)
    {
        var criterion = rule.Start(Ids(prompt));
        for (int i = 0; i < stream.Length; i++)
            if (criterion.Stops(stream[i]))
                return i;
        return -1;
    }

    [Fact]
    public void Eos_stops_at_the_end_token_and_only_there()
    {
        var eos = new EosStopRule(End);
        int[] text = Stream(" return x\n", "def g():");
        Assert.Equal(-1, StopsAt(eos, "x", text));
        Assert.Equal(text.Length, StopsAt(eos, "x", [.. text, EndOfText, .. text]));
        Assert.Equal(0, StopsAt(eos, "x", [EndOfText]));
    }

    [Fact]
    public void Code_never_stops_inside_its_block()
    {
        int[] body = Stream(" x\n", "    for y in x:\n", "        print(y)\n", "\n", "    return x + 1");
        Assert.Equal(-1, StopsAt(new CodeStopRule(Cl100k, End), "):\n    return", body));
    }

    [Fact]
    public void Code_stops_at_once_when_the_first_token_leaves_the_block_or_is_the_end_token()
    {
        var code = new CodeStopRule(Cl100k, End);
        Assert.Equal(0, StopsAt(code, "):\n    return x\n\n", Stream("\n", "def")));
        Assert.Equal(0, StopsAt(code, "    return x", [EndOfText]));
    }

    [Fact]
    public void Code_stops_at_the_token_that_completes_a_stop_sequence_split_across_tokens()
    {
        // A block at column 0 ends at a stop sequence only; "\ndef " comes in three tokens here.
        int[] before = Stream(" + 1\n"), split = Stream("de", "f", " g");
        Assert.True(split.Length >= 3);
        Assert.Equal(before.Length + split.Length - 1, StopsAt(new CodeStopRule(Cl100k, End), "x = 1\ny = x", [.. before, .. split, .. Ids("():")]));
        // Three line breaks, one token each.
        int[] breaks = Stream("\n", "\n", "\n");
        Assert.Equal(breaks.Length - 1, StopsAt(new CodeStopRule(Cl100k, End), "x = 1", [.. breaks, .. Ids("y")]));
    }

    [Fact]
    public void Code_stops_where_a_dedented_line_starts_inside_a_multi_character_token()
    {
        int[] stream = Stream(" x\n", "\n", "assert", " f(1)");
        int assertToken = Ids(" x\n").Length + Ids("\n").Length;
        Assert.Equal(assertToken, StopsAt(new CodeStopRule(Cl100k, End), "):\n    return", stream));
    }
}
