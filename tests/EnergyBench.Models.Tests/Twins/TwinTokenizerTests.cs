using System.Text.Json;
using System.Text.Json.Nodes;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Tests.Oracle;
using EnergyBench.Models.Tokenization;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tests.Twins;

/// <summary>
/// The twins' tokenizer.json against GPT-2 as Microsoft.ML.Tokenizers' tiktoken implementation encodes it (its own BPE
/// over its own data file: independent of the merges the twin derives), and against Hugging Face's JavaScript tokenizers.
/// </summary>
public class TwinTokenizerTests
{
    private static readonly Tokenizer Gpt2 = TiktokenTokenizer.CreateForModel("gpt2");

    /// <summary>The 164 prompts of the default set: code, indentation, digits, punctuation.</summary>
    private static IReadOnlyList<string> Prompts { get; } = File.ReadLines(Path.Combine(SuitePaths.Prompts, "humaneval-autocomplete.jsonl"))
        .Where(line => line.Length > 0)
        .Select(line => JsonNode.Parse(line)!["prompt"]!.GetValue<string>())
        .ToList();

    private static Tokenizer Written(string model, TempDirectory dir)
    {
        var config = ModelRegistry.Get(model).LoadConfig();
        TwinTokenizer.For(config).Write(dir.Path, config.MaxPositions);
        return ModelTokenizer.Load(dir.Path);
    }

    [Fact]
    public void A_vocabulary_with_room_for_gpt2_gives_gpt2s_ids()
    {
        // phi-2: 51200 ids, end of text at 50256 as in GPT-2, so every GPT-2 token keeps its id.
        using var dir = new TempDirectory();
        var twin = Written("phi-2", dir);
        foreach (string prompt in Prompts)
            Assert.Equal(Gpt2.EncodeToIds(prompt), twin.EncodeToIds(prompt));
        Assert.Equal([50256], twin.EncodeToIds("<|endoftext|>"));
    }

    [Fact]
    public void A_smaller_vocabulary_keeps_gpt2s_first_merges_and_still_spells_every_text()
    {
        // codeparrot-small: 32768 ids, end of text at 0 (its config's 50256 lies outside), so GPT-2 id g becomes g + 1
        // and tokens from merge 32511 on are spelt with earlier ones.
        using var dir = new TempDirectory();
        var twin = Written("codeparrot-small", dir);
        int same = 0, respelt = 0;
        foreach (string prompt in Prompts)
        {
            var ids = twin.EncodeToIds(prompt);
            Assert.All(ids, id => Assert.InRange(id, 1, 32767));
            Assert.Equal(prompt, twin.Decode(ids));
            var gpt2 = Gpt2.EncodeToIds(prompt);
            if (gpt2.All(id => id < 32767))
            {
                Assert.Equal(gpt2.Select(id => id + 1), ids);
                same++;
            }
            else
            {
                Assert.True(ids.Count > gpt2.Count, prompt);
                respelt++;
            }
        }
        Assert.True(same > 0 && respelt > 0, $"{same} prompts within the cut, {respelt} beyond it: both cases must be exercised");
        Assert.Equal([0], twin.EncodeToIds("<|endoftext|>"));
    }

    [Theory]
    [MemberData(nameof(StudyModels))]
    public void Every_twin_tokenizer_fits_its_models_vocabulary_with_end_of_text_at_the_configs_id(string model)
    {
        var config = ModelRegistry.Get(model).LoadConfig();
        var tokenizer = TwinTokenizer.For(config);
        var ids = tokenizer.Vocabulary.Values.Concat(tokenizer.SpecialTokens.Select(t => t.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 0, config.VocabSize - 1));
        Assert.Equal(Math.Min(50256, config.VocabSize - tokenizer.SpecialTokens.Count), tokenizer.Vocabulary.Count);
        Assert.Equal(tokenizer.Vocabulary.Count - 256, tokenizer.Merges.Count);
        int endOfText = tokenizer.SpecialTokens.Single(t => t.Content == TwinTokenizer.EndOfText).Id;
        Assert.Equal(config.EosTokenId < config.VocabSize ? config.EosTokenId : 0, endOfText);
    }

    public static TheoryData<string> StudyModels => new(ModelRegistry.All.Select(m => m.Name));

    [Fact]
    public void Llama_and_gemma_twins_put_their_begin_token_first_as_those_tokenizers_do()
    {
        using var dir = new TempDirectory();
        var config = ModelRegistry.Get("TinyLlama-1.1B-Chat-v1.0").LoadConfig();
        TwinTokenizer.For(config).Write(dir.Path, config.MaxPositions);
        var json = JsonNode.Parse(File.ReadAllText(dir.File("tokenizer.json")))!;
        Assert.Equal("TemplateProcessing", json["post_processor"]!["type"]!.GetValue<string>());
        Assert.Equal("[1]", json["post_processor"]!["special_tokens"]!["<s>"]!["ids"]!.ToJsonString());
        var added = json["added_tokens"]!.AsArray().Select(t => (t!["content"]!.GetValue<string>(), t["id"]!.GetValue<int>()));
        Assert.Equal([("<s>", 1), ("<|endoftext|>", 2)], added);
        Assert.True(JsonNode.Parse(File.ReadAllText(dir.File("tokenizer_config.json")))!["add_bos_token"]!.GetValue<bool>());
        var tokenizer = ModelTokenizer.Load(dir.Path);
        Assert.Equal([1, 4301], tokenizer.EncodeToIds("def")); // <s>, then GPT-2's "def" (4299) moved past the two special ids
        Assert.Equal([4301], ModelTokenizer.Load(dir.Path, addSpecialTokens: false).EncodeToIds("def"));

        var bloom = TwinTokenizer.For(ModelRegistry.Get("bloom-560m").LoadConfig());
        Assert.Null(bloom.PrefixToken);
        Assert.Equal([(TwinTokenizer.EndOfText, 2), (TwinTokenizer.BeginToken, 1)], bloom.SpecialTokens);
        Assert.Equal(0, bloom.Vocabulary[ByteLevelAlphabet.Spell("!"u8)]);
        Assert.Equal(3, bloom.Vocabulary[ByteLevelAlphabet.Spell("\""u8)]);
    }

    [HuggingFaceJsTheory]
    [InlineData("codeparrot-small")]
    [InlineData("tiny_starcoder_py")]
    [InlineData("bloom-560m")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0")] // its begin token first, from the file's post-processor
    public void Hugging_face_reads_a_twins_tokenizer_as_the_suite_does(string model)
    {
        using var dir = new TempDirectory();
        var twin = Written(model, dir);
        var expected = HuggingFaceJs.Encode(dir.Path, Prompts, addSpecialTokens: true);
        for (int i = 0; i < Prompts.Count; i++)
            Assert.True(expected[i].SequenceEqual(twin.EncodeToIds(Prompts[i])), $"{model}: prompt {i} {JsonSerializer.Serialize(Prompts[i])}");
    }
}
