using EnergyBench.Inference.Stopping;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Tests.Stopping;

public class IncrementalDetokenizerTests
{
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    [Theory]
    [InlineData("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):")]
    [InlineData("    # naïve café: 日本語 ✓ 🙂 done")]
    public void The_pieces_join_to_the_full_decoding(string text)
    {
        int[] prompt = [.. Cl100k.EncodeToIds("x = 1\n")];
        var detokenizer = new IncrementalDetokenizer(Cl100k, prompt);
        var pieces = Cl100k.EncodeToIds(text).Select(detokenizer.Add).ToList();
        Assert.Equal("x = 1\n", detokenizer.PromptText);
        Assert.Equal(text, string.Concat(pieces));
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
    }

    [Fact]
    public void A_character_split_over_byte_tokens_waits_until_it_is_complete()
    {
        // cl100k has no token for this emoji: its four UTF-8 bytes come in more than one token.
        var ids = Cl100k.EncodeToIds("🦜");
        Assert.True(ids.Count > 1, $"expected a split character, got {ids.Count} token(s)");
        var detokenizer = new IncrementalDetokenizer(Cl100k, [.. Cl100k.EncodeToIds("a")]);
        var pieces = ids.Select(detokenizer.Add).ToList();
        Assert.All(pieces.Take(ids.Count - 1), p => Assert.Equal("", p));
        Assert.Equal("🦜", pieces[^1]);
    }

    [Fact]
    public void Bytes_that_never_make_a_character_come_out_after_four_tokens()
    {
        // Four lone continuation bytes (0x80): byte-level ids that no valid UTF-8 text encodes to.
        int continuation = Cl100k.EncodeToIds("🦜")[^1];
        var detokenizer = new IncrementalDetokenizer(Cl100k, [.. Cl100k.EncodeToIds("a")]);
        var pieces = Enumerable.Repeat(continuation, IncrementalDetokenizer.MaxPending).Select(detokenizer.Add).ToList();
        Assert.All(pieces.Take(IncrementalDetokenizer.MaxPending - 1), p => Assert.Equal("", p));
        Assert.Contains('\uFFFD', pieces[^1]);
    }
}
