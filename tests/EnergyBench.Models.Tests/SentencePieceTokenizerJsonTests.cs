using EnergyBench.Models.Tokenization;
using static EnergyBench.Models.Tests.SentencePieceFiles;

namespace EnergyBench.Models.Tests;

/// <summary>
/// SentencePiece-style tokenizer.json files (<see cref="SentencePieceFiles"/>) against ids worked out by hand from each
/// file's rules: the normalizer or Metaspace marks spaces with '▁' (and prepends one, except Gemma's), added tokens are
/// split off first, merges apply lowest rank first, characters outside the vocabulary become byte pieces, and the
/// post-processor puts BOS (&lt;s&gt;, id 1) in front.
/// </summary>
public class SentencePieceTokenizerJsonTests
{
    /// <summary>Variant, text, its pieces, and what decoding gives back where that is not the text.</summary>
    public static TheoryData<Variant, string, string[], string?> HandWorked => new()
    {
        // "▁def▁f(x):\n▁▁▁▁return▁x+12": "▁ ▁" (rank 0) pairs the indentation before "▁▁ ▁▁" joins it, so the
        // indentation's last '▁' is not left for "▁ return".
        { Variant.LlamaLegacy, "def f(x):\n    return x+12", ["▁def", "▁", "f", "(", "x", ")", ":", "\n", "▁▁▁▁", "return", "▁x", "+", "12"], null },
        { Variant.LlamaMetaspace, "def f(x):\n    return x+12", ["▁def", "▁", "f", "(", "x", ")", ":", "\n", "▁▁▁▁", "return", "▁x", "+", "12"], null },
        { Variant.Gemma, "def f(x):\n    return x+12", ["def", "▁", "f", "(", "x", ")", ":", "\n", "▁▁▁▁", "return", "▁x", "+", "12"], null },
        // Leading spaces, a tab, and characters outside the vocabulary as their UTF-8 bytes.
        // The Prepend normalizer always adds a '▁'; Metaspace only where the text does not start with one, but the
        // decoder's Strip still takes one space off (as Hugging Face decodes such a file).
        { Variant.LlamaLegacy, "  x\tyé", ["▁▁", "▁x", "\t", "<0x79>", "<0xC3>", "<0xA9>"], null },
        { Variant.LlamaMetaspace, "  x\tyé", ["▁▁", "x", "\t", "<0x79>", "<0xC3>", "<0xA9>"], " x\tyé" },
        { Variant.Gemma, "  x\tyé", ["▁▁", "x", "\t", "<0x79>", "<0xC3>", "<0xA9>"], null },
        // An added token is split off first; the text after it is its own section: the Prepend normalizer gives it a
        // '▁', Metaspace's "first" scheme does not (it is not the first section).
        { Variant.LlamaLegacy, "<fim_prefix>def 123", [FimPrefix, "▁def", "▁", "12", "3"], "<fim_prefix> def 123" },
        { Variant.LlamaMetaspace, "<fim_prefix>def 123", [FimPrefix, "def", "▁", "12", "3"], null },
        { Variant.Gemma, "<fim_prefix>def 123", [FimPrefix, "def", "▁", "12", "3"], null },
        // Newlines, a run of spaces inside a line, a three-byte character, and the BOS literal in the text (decoding
        // leaves BOS out wherever it stands).
        { Variant.LlamaLegacy, "\n\n  return", ["▁", "\n", "\n", "▁▁", "return"], null },
        { Variant.Gemma, "\n\n  return", ["\n", "\n", "▁▁", "return"], null },
        { Variant.LlamaLegacy, "x  =  1", ["▁x", "▁▁", "=", "▁▁", "1"], null },
        { Variant.LlamaMetaspace, "你", ["▁", "<0xE4>", "<0xBD>", "<0xA0>"], null },
        { Variant.Gemma, "x<s>", ["x", "<s>"], "x" },
        { Variant.LlamaLegacy, "", [], null },
    };

    [Theory]
    [MemberData(nameof(HandWorked))]
    public void Ids_follow_the_files_rules_with_bos_first(Variant variant, string text, string[] pieces, string? decoded)
    {
        using var dir = new TempDirectory();
        WriteTokenizerJson(dir.Path, variant);
        var tokenizer = ModelTokenizer.Load(dir.Path);

        var ids = tokenizer.EncodeToIds(text);
        Assert.Equal([Id("<s>"), .. Ids(pieces)], ids);
        Assert.Equal(decoded ?? text, tokenizer.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(HandWorked))]
    public void Loaded_without_special_tokens_the_ids_are_the_texts_alone(Variant variant, string text, string[] pieces, string? decoded)
    {
        using var dir = new TempDirectory();
        WriteTokenizerJson(dir.Path, variant);
        var tokenizer = ModelTokenizer.Load(dir.Path, addSpecialTokens: false);

        Assert.Equal(Ids(pieces), tokenizer.EncodeToIds(text));
        Assert.Equal(decoded ?? text, tokenizer.Decode(Ids(pieces)));
    }

    [Fact]
    public void A_splitting_metaspace_starts_a_word_at_every_space()
    {
        // Metaspace(split: true) cuts "▁x▁▁=▁▁1" before each '▁' ("▁x", "▁", "▁=", "▁", "▁1"), so no merge joins two '▁'.
        using var dir = new TempDirectory();
        WriteTokenizerJson(dir.Path, Variant.LlamaMetaspace, metaspaceSplit: true);
        var tokenizer = ModelTokenizer.Load(dir.Path, addSpecialTokens: false);

        Assert.Equal(Ids("▁x", "▁", "▁", "=", "▁", "▁", "1"), tokenizer.EncodeToIds("x  =  1"));
        Assert.Equal("x  =  1", tokenizer.Decode(tokenizer.EncodeToIds("x  =  1")));
    }

    [Fact]
    public void Consecutive_unknown_characters_fuse_into_one_unknown_token_without_byte_pieces()
    {
        // Without byte fallback, "yé" is one <unk> (fuse_unk); with it, three byte pieces.
        using var dir = new TempDirectory();
        var json = TokenizerJson(Variant.Gemma);
        json["model"]!["byte_fallback"] = false;
        json["normalizer"] = null;
        json["pre_tokenizer"] = System.Text.Json.Nodes.JsonNode.Parse("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"never\",\"split\":false}");
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());

        Assert.Equal(Ids("x", "<unk>", "x"), ModelTokenizer.Load(dir.Path, addSpecialTokens: false).EncodeToIds("xyéx"));
    }

    [Fact]
    public void The_source_is_described_as_tokenizer_json()
    {
        using var dir = new TempDirectory();
        WriteTokenizerJson(dir.Path, Variant.Gemma);
        WriteTokenizerModel(dir.Path, addDummyPrefix: false);
        Assert.Equal("tokenizer.json", ModelTokenizer.Describe(dir.Path));
    }
}
