using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Tokenization;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Tests;

public class PromptLengthBuilderTests
{
    private static readonly IReadOnlyList<HumanEvalProblem> Problems = HumanEvalSource.Load(Path.Combine(SuitePaths.Prompts, "source", "HumanEval.jsonl.gz"));
    private static readonly int[] Lengths = [16, 64, 256, 1024];

    public static TheoryData<string> Tiktokens => ["cl100k_base", "gpt2"];

    [Theory]
    [MemberData(nameof(Tiktokens))]
    public void Every_prompt_encodes_to_exactly_the_requested_length(string encoding)
    {
        var tokenizer = encoding == "gpt2" ? TiktokenTokenizer.CreateForModel("gpt2") : TiktokenTokenizer.CreateForEncoding(encoding);
        var builder = new PromptLengthBuilder(tokenizer, tokenizer, encoding);
        foreach (int length in Lengths)
        {
            var set = builder.Build(Problems, length, 8, PromptLengthBuilder.DefaultSeed, "unused.jsonl");
            Assert.Equal(8, set.Prompts.Count);
            foreach (var prompt in set.Prompts)
            {
                Assert.Equal(length, tokenizer.CountTokens(prompt.Prompt));
                Assert.Equal(length, prompt.TokenCount);
                Assert.Equal(length, prompt.Window);
                Assert.Equal(encoding, prompt.Tokenizer);
                Assert.DoesNotContain('\uFFFD', prompt.Prompt);
            }
        }
    }

    [Fact]
    public void A_length_longer_than_a_problem_is_cut_from_problems_joined_in_order()
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var set = new PromptLengthBuilder(tokenizer, tokenizer, "cl100k_base").Build(Problems, 1024, 4, PromptLengthBuilder.DefaultSeed, "unused.jsonl");
        var texts = Problems.ToDictionary(p => p.TaskId, p => p.Text);
        foreach (var prompt in set.Prompts)
        {
            var ids = prompt.TaskId.Split('+');
            Assert.True(ids.Length > 1, $"{prompt.TaskId}: no HumanEval problem has 1024 tokens, so every prompt spans several");
            string joined = string.Join(PromptLengthBuilder.ProblemSeparator, ids.Select(id => texts[id]));
            int start = joined.IndexOf(prompt.Prompt, StringComparison.Ordinal);
            Assert.InRange(start, 0, texts[ids[0]].Length - 1); // starts in the first problem, runs into the next ones
        }
    }

    /// <summary>The twins' GPT-2 BPE in tokenizer.json: TinyLlama's puts a begin token first, which counts; codeparrot's keeps GPT-2's first 32768 ids.</summary>
    [Theory]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", 1)]
    [InlineData("codeparrot-small", 0)]
    public void A_models_own_tokenizer_counts_its_special_tokens_in_the_length(string study, int special)
    {
        using var dir = new TempDirectory();
        var config = ModelRegistry.Get(study).LoadConfig();
        TwinTokenizer.For(config).Write(dir.Path, config.MaxPositions);
        var builder = PromptLengthBuilder.ForModel(new ModelDirectory(dir.Path, study));
        var tokenizer = ModelTokenizer.Load(dir.Path);
        foreach (int length in new[] { 16, 256 })
        {
            var set = builder.Build(Problems, length, 8, PromptLengthBuilder.DefaultSeed, "unused.jsonl");
            foreach (var prompt in set.Prompts)
            {
                var ids = tokenizer.EncodeToIds(prompt.Prompt);
                Assert.Equal(length, ids.Count);
                Assert.Equal(length - special, prompt.Window);
                if (special == 1)
                    Assert.Equal(config.BosTokenId, ids[0]);
            }
            Assert.StartsWith(study + ": tokenizer.json", set.Prompts[0].Tokenizer);
        }
    }

    /// <summary>Playing cards are several byte tokens each: a cut inside one decodes to U+FFFD, so the window must move.</summary>
    [Fact]
    public void A_cut_inside_a_character_moves_the_window_until_its_text_re_encodes_to_the_same_ids()
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var builder = new PromptLengthBuilder(tokenizer, tokenizer, "cl100k_base");
        HumanEvalProblem[] cards = [new("Cards/0", string.Concat(Enumerable.Repeat("hand = '\U0001F0A1\U0001F0B5'\n", 40)))];
        var prompts = Enumerable.Range(5, 40).Select(n => builder.Build(cards, n, 1, 1, "unused.jsonl").Prompts[0]).ToList();

        Assert.All(prompts, p => Assert.DoesNotContain('\uFFFD', p.Prompt));
        Assert.All(prompts, p => Assert.Equal(p.TokenCount, tokenizer.CountTokens(p.Prompt)));
        Assert.Contains(prompts, p => p.Start > 0);
    }

    [Fact]
    public void The_seed_reproduces_the_set_and_another_seed_draws_other_problems()
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var builder = new PromptLengthBuilder(tokenizer, tokenizer, "cl100k_base");
        using var dir = new TempDirectory();
        builder.Build(Problems, 64, 8, 1, dir.File("a.jsonl")).Save();
        builder.Build(Problems, 64, 8, 1, dir.File("b.jsonl")).Save();
        builder.Build(Problems, 64, 8, 2, dir.File("c.jsonl")).Save();

        Assert.Equal(File.ReadAllBytes(dir.File("a.jsonl")), File.ReadAllBytes(dir.File("b.jsonl")));
        Assert.NotEqual(PromptSet.Load(dir.File("a.jsonl")).Prompts.Select(p => p.TaskId), PromptSet.Load(dir.File("c.jsonl")).Prompts.Select(p => p.TaskId));
        Assert.All(PromptSet.Load(dir.File("a.jsonl")).Prompts, p => Assert.Equal(64, p.TokenCount));
    }

    [Fact]
    public void Every_length_starts_its_prompts_at_the_same_problems()
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var builder = new PromptLengthBuilder(tokenizer, tokenizer, "cl100k_base");
        var shortest = builder.Build(Problems, 16, 8, PromptLengthBuilder.DefaultSeed, "unused.jsonl");
        var longest = builder.Build(Problems, 1024, 8, PromptLengthBuilder.DefaultSeed, "unused.jsonl");
        Assert.Equal(shortest.Prompts.Select(p => p.TaskId.Split('+')[0]), longest.Prompts.Select(p => p.TaskId.Split('+')[0]));
    }

    [Fact]
    public void A_length_the_context_cannot_hold_with_the_new_tokens_is_refused_with_the_lengths_that_fit()
    {
        PromptLengthBuilder.CheckFits([16, 224], 32, 256, "gpt2-tiny");
        var error = Assert.Throws<ArgumentException>(() => PromptLengthBuilder.CheckFits([16, 256], 32, 256, "gpt2-tiny"));
        Assert.Equal("--tokens: 256 prompt tokens + 32 new tokens exceed model gpt2-tiny's context of 256 tokens; lengths up to 224 fit (or lower --max-new-tokens)",
            error.Message);
    }

    [Fact]
    public void More_prompts_than_problems_are_refused()
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var error = Assert.Throws<ArgumentException>(() =>
            new PromptLengthBuilder(tokenizer, tokenizer, "cl100k_base").Build(Problems, 16, Problems.Count + 1, 1, "unused.jsonl"));
        Assert.StartsWith("--count: 165 prompts asked", error.Message);
    }
}
