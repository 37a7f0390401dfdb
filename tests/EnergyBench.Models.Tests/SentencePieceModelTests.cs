using System.Text.Json;
using EnergyBench.Models.Tokenization;
using static EnergyBench.Models.Tests.SentencePieceFiles;

namespace EnergyBench.Models.Tests;

/// <summary>
/// A SentencePiece tokenizer.model (read through Microsoft.ML.Tokenizers) gives the ids of the equivalent tokenizer.json:
/// Llama's with the '▁' prepended, Gemma's without, its USER_DEFINED whitespace runs and FIM token kept whole.
/// </summary>
public class SentencePieceModelTests
{
    private static readonly string[] Texts =
    [
        "def f(x):\n    return x+12",
        "  x\tyé",
        " leading space",
        "<fim_prefix>def 123",
        "\n\n        return  x\n\t\treturn 3",
        "x  =  1   2    3",
        "你好 café",
        "<s>def",
        " ",
    ];

    [Theory]
    [InlineData(Variant.LlamaLegacy, true)]
    [InlineData(Variant.Gemma, false)]
    public void Ids_equal_those_of_the_equivalent_tokenizer_json(Variant variant, bool addDummyPrefix)
    {
        using var json = new TempDirectory();
        using var model = new TempDirectory();
        WriteTokenizerJson(json.Path, variant);
        WriteTokenizerModel(model.Path, addDummyPrefix);

        var expected = ModelTokenizer.Load(json.Path);
        var actual = ModelTokenizer.Load(model.Path);
        Assert.Equal("tokenizer.model", ModelTokenizer.Describe(model.Path));
        foreach (string text in Texts)
            Assert.True(expected.EncodeToIds(text).SequenceEqual(actual.EncodeToIds(text)),
                $"{JsonSerializer.Serialize(text)}: tokenizer.json [{string.Join(",", expected.EncodeToIds(text))}], tokenizer.model [{string.Join(",", actual.EncodeToIds(text))}]");
    }

    [Fact]
    public void Indentation_is_one_user_defined_piece_and_decodes_back()
    {
        // "▁▁▁▁" is USER_DEFINED, "\n" and "▁▁▁▁" sit below the byte pieces (Microsoft.ML.Tokenizers' own decoder drops
        // such ids: "def f(x):return x\tyé").
        using var dir = new TempDirectory();
        WriteTokenizerModel(dir.Path, addDummyPrefix: false);
        var tokenizer = ModelTokenizer.Load(dir.Path);

        string code = "def f(x):\n    return x\n\tyé";
        var ids = tokenizer.EncodeToIds(code);
        Assert.Equal([Id("<s>"), .. Ids("def", "▁", "f", "(", "x", ")", ":", "\n", "▁▁▁▁", "return", "▁x", "\n", "\t", "<0x79>", "<0xC3>", "<0xA9>")], ids);
        Assert.Equal(code, tokenizer.Decode(ids));
    }

    [Fact]
    public void The_prepended_space_is_stripped_when_decoding_a_llama_model()
    {
        using var dir = new TempDirectory();
        WriteTokenizerModel(dir.Path, addDummyPrefix: true);
        var tokenizer = ModelTokenizer.Load(dir.Path);

        var ids = tokenizer.EncodeToIds("def f():\n  return 12");
        Assert.Equal(Ids("<s>", "▁def"), ids.Take(2));
        Assert.Equal("def f():\n  return 12", tokenizer.Decode(ids));
    }

    [Theory]
    [InlineData(null, new[] { "<s>", "▁x" })]
    [InlineData("{\"add_bos_token\": false}", new[] { "▁x" })]
    [InlineData("{\"add_bos_token\": true, \"add_eos_token\": true}", new[] { "<s>", "▁x", "</s>" })]
    public void Bos_and_eos_follow_tokenizer_config(string? config, string[] pieces)
    {
        using var dir = new TempDirectory();
        WriteTokenizerModel(dir.Path, addDummyPrefix: true);
        if (config is not null)
            File.WriteAllText(dir.File("tokenizer_config.json"), config);

        Assert.Equal(Ids(pieces), ModelTokenizer.Load(dir.Path).EncodeToIds("x"));
        Assert.Equal(Ids("▁x"), ModelTokenizer.Load(dir.Path, addSpecialTokens: false).EncodeToIds("x"));
    }

    [Fact]
    public void A_tokenizer_model_wins_over_vocab_and_merges()
    {
        using var dir = new TempDirectory();
        WriteTokenizerModel(dir.Path, addDummyPrefix: true);
        File.WriteAllText(dir.File("vocab.json"), "{\"x\": 0}");
        File.WriteAllText(dir.File("merges.txt"), "#version: 0.2\n");
        Assert.Equal("tokenizer.model", ModelTokenizer.Describe(dir.Path));
        Assert.Equal(Ids("<s>", "▁x"), ModelTokenizer.Load(dir.Path).EncodeToIds("x"));
    }
}
