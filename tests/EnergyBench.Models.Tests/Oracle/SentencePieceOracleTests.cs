using EnergyBench.Models.Tokenization;
using static EnergyBench.Models.Tests.SentencePieceFiles;

namespace EnergyBench.Models.Tests.Oracle;

/// <summary>
/// The suite's SentencePiece-style tokenizers against Hugging Face's own on the three tokenizer.json variants
/// (<see cref="SentencePieceFiles"/>), with and without the post-processor's BOS, on texts with indented code, leading
/// spaces, tabs, newlines, digits, characters that need byte fallback and added-token literals.
/// </summary>
public class SentencePieceOracleTests
{
    private static readonly string[] Texts =
    [
        "def f(x):\n    return x+12",
        "  x\tyé",
        " leading space",
        "<fim_prefix>def 123<s>x</s>",
        "\n\n        return  x\n\t\treturn 3",
        "x  =  1   2    3",
        "你好 café",
        "",
        " ",
        "def<fim_prefix> return",
    ];

    public static TheoryData<Variant, bool> Cases => new()
    {
        { Variant.LlamaLegacy, true }, { Variant.LlamaLegacy, false },
        { Variant.LlamaMetaspace, true }, { Variant.LlamaMetaspace, false },
        { Variant.Gemma, true }, { Variant.Gemma, false },
    };

    [HuggingFaceJsTheory]
    [MemberData(nameof(Cases))]
    public void Ids_equal_hugging_faces(Variant variant, bool addSpecialTokens)
    {
        using var dir = new TempDirectory();
        WriteTokenizerJson(dir.Path, variant);

        var tokenizer = ModelTokenizer.Load(dir.Path, addSpecialTokens);
        var expected = HuggingFaceJs.Encode(dir.Path, Texts, addSpecialTokens);
        for (int i = 0; i < Texts.Length; i++)
            Assert.True(expected[i].SequenceEqual(tokenizer.EncodeToIds(Texts[i])),
                $"{variant}, text {i}: Hugging Face [{string.Join(",", expected[i])}], suite [{string.Join(",", tokenizer.EncodeToIds(Texts[i]))}]");
    }
}
