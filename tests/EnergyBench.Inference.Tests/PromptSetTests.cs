using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Tests;

public class PromptSetTests
{
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");
    private static readonly string Source = Path.Combine(SuitePaths.Prompts, "source", "HumanEval.jsonl.gz");

    [Fact]
    public void Every_problem_gets_one_window_of_10_to_15_tokens_taken_from_it()
    {
        var problems = HumanEvalSource.Load(Source);
        var set = PromptSetBuilder.Build(Source, "unused.jsonl");

        Assert.Equal(164, problems.Count);
        Assert.Equal(problems.Select(p => p.TaskId), set.Prompts.Select(p => p.TaskId));
        foreach (var (prompt, problem) in set.Prompts.Zip(problems))
        {
            Assert.InRange(prompt.TokenCount, 10, 15);
            Assert.InRange(prompt.Window, 10, 15);
            Assert.Contains(prompt.Prompt, problem.Text);
            // The recorded count is what the model sees: the decoded text re-encodes to exactly that many tokens.
            Assert.Equal(prompt.TokenCount, Cl100k.CountTokens(prompt.Prompt));
            Assert.DoesNotContain('\uFFFD', prompt.Prompt);
        }
        Assert.True(set.Prompts.Select(p => p.Window).Distinct().Count() == 6, "all six window lengths are drawn");
    }

    [Fact]
    public void The_recorded_seed_reproduces_each_window_on_its_own()
    {
        var problems = HumanEvalSource.Load(Source);
        var set = PromptSetBuilder.Build(Source, "unused.jsonl");
        var sampler = new PromptWindowSampler(Cl100k, "cl100k_base");
        foreach (int i in new[] { 0, 41, 163 })
            Assert.Equal(set.Prompts[i], sampler.Sample(i, problems[i], set.Prompts[i].Seed));
    }

    [Fact]
    public void Same_seed_gives_the_committed_file_byte_for_byte_and_another_seed_differs()
    {
        using var dir = new TempDirectory();
        PromptSetBuilder.Build(Source, dir.File("a.jsonl")).Save();
        PromptSetBuilder.Build(Source, dir.File("b.jsonl"), seed: 7).Save();

        Assert.Equal(File.ReadAllBytes(PromptSet.ResolvePath(PromptSet.DefaultName)), File.ReadAllBytes(dir.File("a.jsonl")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.jsonl")), File.ReadAllBytes(dir.File("b.jsonl")));
    }

    [Fact]
    public void The_committed_set_loads()
    {
        var set = PromptSet.Load(PromptSet.DefaultName);
        Assert.Equal(164, set.Prompts.Count);
        Assert.Equal("HumanEval/163", set.Prompts[^1].TaskId);
    }

    [Theory]
    [InlineData("{\"id\":0,\"prompt\":\"x\"}\n{oops\n", ":2: not a valid prompt line")]
    [InlineData("{\"id\":0,\"task_id\":\"t\"}\n", ":1: the line has no 'prompt' text")]
    [InlineData("\n\n", "the prompt set is empty")]
    public void Bad_lines_name_the_file_and_line(string content, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.jsonl"), content);
        var error = Assert.Throws<FormatException>(() => PromptSet.Load(dir.File("bad.jsonl")));
        Assert.StartsWith(dir.File("bad.jsonl"), error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_prompt_set_says_how_to_build_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PromptSet.Load("/nonexistent/p.jsonl"));
        Assert.Contains("prompts build", error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_rejected_with_file_and_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("latin1.jsonl"), [.. "{\"id\":0,\"prompt\":\"x\"}\n{\"id\":1,\"prompt\":\"caf"u8, 0xE9, .. "\"}\n"u8]);

        var error = Assert.Throws<FormatException>(() => PromptSet.Load(dir.File("latin1.jsonl")));
        Assert.StartsWith($"{dir.File("latin1.jsonl")}:2: not UTF-8 (byte 0xE9 at column 22)", error.Message);
    }

    [Fact]
    public void Prompts_too_long_for_the_context_are_found_with_their_file_lines()
    {
        using var dir = new TempDirectory();
        string longPrompt = "def count(x):\n" + string.Concat(Enumerable.Repeat("    x = x + 1\n", 4));
        File.WriteAllText(dir.File("p.jsonl"), string.Concat(
            PromptSet.ToLine(Record("def add(a, b):")) + "\n",
            "\n", // blank lines are skipped but still counted
            PromptSet.ToLine(Record(longPrompt)) + "\n"));
        var set = PromptSet.Load(dir.File("p.jsonl"));
        int longTokens = Cl100k.CountTokens(longPrompt);

        Assert.Equal([new OverlongPrompt(3, longTokens)], PromptLengthCheck.Find(set, Cl100k, contextLength: 64, maxNewTokens: 64 - longTokens + 1));
        Assert.Empty(PromptLengthCheck.Find(set, Cl100k, contextLength: 64, maxNewTokens: 64 - longTokens));
    }

    private static PromptRecord Record(string prompt) => new(0, "t", prompt, 0, 0, 0, 0, "cl100k_base");
}
