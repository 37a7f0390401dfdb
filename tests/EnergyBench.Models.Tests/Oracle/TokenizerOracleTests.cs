using System.Text.Json.Nodes;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Models.Tests.Oracle;

/// <summary>
/// This suite's byte-level tokenizers against Hugging Face's own, on tokenizer.json files in the form GPT-2, StarCoder
/// and BLOOM ship (their pre-tokenizers, added tokens and byte-level BPE over a small vocabulary), and texts with
/// code, digits, punctuation, whitespace runs, tabs, non-ASCII text and special-token literals.
/// </summary>
public class TokenizerOracleTests
{
    private static readonly string[] Texts =
    [
        "def f(x):\n    return x + 12345",
        "x = 3.14159, y = [1, 2]!",
        "  café 你好\tdef  ",
        "<fim_prefix>def add(a, b):\n\treturn a+b<|endoftext|>",
        "hello... world?! (ok) 123abc",
        "    \n\n  x  ",
    ];

    private static readonly JsonObject ByteLevel = new() { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };

    public static TheoryData<string> Families => ["gpt2", "starcoder", "bloom"];

    private static JsonNode PreTokenizer(string family) => family switch
    {
        "gpt2" => ByteLevel.DeepClone(),
        "starcoder" => new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(new JsonObject { ["type"] = "Digits", ["individual_digits"] = true }, ByteLevel.DeepClone()),
        },
        _ => new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = " ?[^(\\s|[.,!?…。，、।۔،])]+" }, ["behavior"] = "Isolated", ["invert"] = false },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        },
    };

    /// <summary>The 256 byte tokens in GPT-2's byte-to-unicode spelling, a few merges, and two added tokens.</summary>
    private static JsonObject TokenizerJson(string family)
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var vocab = new JsonObject();
        int extra = 0;
        for (int b = 0; b < 256; b++)
            vocab[((char)(printable.Contains(b) ? b : 256 + extra++)).ToString()] = b;
        string[][] merges = [["r", "e"], ["t", "u"], ["re", "tu"], ["retu", "r"], ["retur", "n"], ["Ġ", "return"], ["Ġ", "Ġ"], ["ĠĠ", "ĠĠ"],
            ["d", "e"], ["de", "f"], ["Ġ", "x"], ["1", "2"], ["Ċ", "Ġ"], ["ĊĠ", "ĠĠ"],
            // Merges across GPT-2's boundaries (letter|symbol, digit|letter), which BLOOM's split keeps in one piece.
            ["a", "+"], ["a+", "b"], ["3", "a"]];
        int next = 256;
        foreach (var pair in merges)
            vocab[pair[0] + pair[1]] ??= next++;
        JsonObject Added(int id, string content) => new() { ["id"] = id, ["content"] = content, ["special"] = true, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(next, "<fim_prefix>"), Added(next + 1, "<|endoftext|>")),
            ["normalizer"] = null,
            ["pre_tokenizer"] = PreTokenizer(family),
            ["post_processor"] = null,
            ["decoder"] = ByteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(merges.Select(pair => (JsonNode)(pair[0] + " " + pair[1])).ToArray()),
            },
        };
    }

    [HuggingFaceJsTheory]
    [MemberData(nameof(Families))]
    public void Ids_equal_hugging_faces(string family)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), TokenizerJson(family).ToJsonString());

        var tokenizer = ModelTokenizer.Load(dir.Path);
        var expected = HuggingFaceJs.Encode(dir.Path, Texts);
        for (int i = 0; i < Texts.Length; i++)
            Assert.True(expected[i].SequenceEqual(tokenizer.EncodeToIds(Texts[i])),
                $"{family}, text {i}: Hugging Face [{string.Join(",", expected[i])}], suite [{string.Join(",", tokenizer.EncodeToIds(Texts[i]))}]");
    }
}
