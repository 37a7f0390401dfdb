using System.Text.Json.Nodes;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Models.Tests;

/// <summary>The pre-tokenizers of the study's byte-level tokenizer.json files, against pieces worked out from their rules.</summary>
public class ByteLevelPreTokenizerTests
{
    private const string ByteLevel = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
    private const string StarCoder = "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true}," + ByteLevel + "]}";

    // BLOOM's Split pattern as its tokenizer.json stores it: a class nested in a class, which .NET cannot compile as it is.
    private const string BloomPattern = " ?[^(\\s|[.,!?…。，、।۔،])]+";
    private static readonly string Bloom = new JsonObject
    {
        ["type"] = "Sequence",
        ["pretokenizers"] = new JsonArray(
            new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = BloomPattern }, ["behavior"] = "Isolated", ["invert"] = false },
            new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
    }.ToJsonString();

    private static string[] Pieces(string preTokenizer, string text, params string[] special) =>
        ByteLevelPreTokenizer.FromJson(JsonNode.Parse(preTokenizer), special, "tokenizer.json")
            .PreTokenize(text).Select(p => text.Substring(p.Offset, p.Length)).ToArray();

    [Fact]
    public void Gpt2_keeps_digit_runs_and_gives_the_last_space_of_a_run_to_the_next_word()
    {
        Assert.Equal(["x", " =", " 123", "+", "4", "  ", " y"], Pieces(ByteLevel, "x = 123+4   y"));
    }

    [Fact]
    public void StarCoder_splits_every_digit_before_the_gpt2_pattern()
    {
        Assert.Equal(["x", " =", " ", "1", "2", "3", "+", "4"], Pieces(StarCoder, "x = 123+4"));
    }

    [Fact]
    public void Added_tokens_are_split_off_first_and_the_longest_wins()
    {
        Assert.Equal(["<fim_prefix>", "1", "2", "<fim>"], Pieces(StarCoder, "<fim_prefix>12<fim>", "<fim>", "<fim_prefix>"));
    }

    [Fact]
    public void Bloom_keeps_the_punctuation_between_its_matches()
    {
        Assert.Equal(["ab", ",", " cd", ".", " ef"], Pieces(Bloom, "ab, cd. ef"));
        Assert.Equal(["f", "(", "x", ")", ":", "\n   ", " return", " x"], Pieces(Bloom, "f(x):\n    return x"));
    }

    [Fact]
    public void A_class_nested_in_a_class_becomes_their_union()
    {
        Assert.Equal(" ?[^(\\s|.,!?…。，、।۔،)]+", ByteLevelPreTokenizer.FlattenNestedClasses(BloomPattern));
        Assert.Equal("[a\\]b]", ByteLevelPreTokenizer.FlattenNestedClasses("[a\\]b]"));
    }

    [Fact]
    public void No_pre_tokenizer_leaves_the_text_whole()
    {
        Assert.Equal(["a b, c"], ByteLevelPreTokenizer.FromJson(null, [], "t").PreTokenize("a b, c").Select(p => "a b, c".Substring(p.Offset, p.Length)));
    }

    [Fact]
    public void An_unsupported_step_is_refused_by_name()
    {
        var error = Assert.Throws<ModelFormatException>(() => Pieces("{\"type\":\"Whitespace\"}", "a"));
        Assert.Contains("pre-tokenizer 'Whitespace' is not supported", error.Problem);
    }
}
