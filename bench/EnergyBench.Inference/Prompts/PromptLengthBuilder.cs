using System.Globalization;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Tokenization;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Prompts;

/// <summary>
/// Prompt sets whose every prompt is exactly N tokens as the model's own tokenizer encodes it for the benchmark (special
/// tokens such as a BOS included), for sweeps over the prompt length. Prompt i of every length starts at the beginning of
/// the same HumanEval problem (a seeded order of the problems), so lengths differ in context, not in content; a problem
/// shorter than N continues into the next problems of the order. The cut falls on a token boundary of the text without
/// special tokens and is kept only when its decoded text re-encodes to the same ids and to N tokens in all: BPE merges or
/// a split character across the cut can change the count, and then the window moves one token along.
/// </summary>
/// <param name="tokenizer">The tokenizer as the benchmark encodes prompts (<see cref="ModelTokenizer.Load"/>), which counts.</param>
/// <param name="cutter">The same tokenizer without special tokens, whose ids are cut.</param>
/// <param name="tokenizerName">What the records name as their tokenizer (model and tokenizer files).</param>
public sealed class PromptLengthBuilder(Tokenizer tokenizer, Tokenizer cutter, string tokenizerName)
{
    public const ulong DefaultSeed = 20240116;

    /// <summary>What joins two problems when one is shorter than the length asked for.</summary>
    public const string ProblemSeparator = "\n\n";

    /// <summary>Window starts tried in one problem text before the next problem is taken.</summary>
    private const int MaxShifts = 32;

    public static PromptLengthBuilder ForModel(ModelDirectory model) =>
        new(ModelTokenizer.Load(model.Path), ModelTokenizer.Load(model.Path, addSpecialTokens: false),
            $"{model.Name}: {ModelTokenizer.Describe(model.Path)}");

    /// <summary>A set's file name: <c>MODEL-N.jsonl</c>.</summary>
    public static string FileName(string model, int tokens) => string.Create(CultureInfo.InvariantCulture, $"{model}-{tokens}.jsonl");

    /// <summary>
    /// Refuses a length the model cannot hold with <paramref name="maxNewTokens"/> new tokens after it, in one line that
    /// says which lengths fit.
    /// </summary>
    public static void CheckFits(IEnumerable<int> lengths, int maxNewTokens, int contextLength, string model)
    {
        foreach (int tokens in lengths)
        {
            if (tokens < 1)
                throw new ArgumentException($"--tokens: {tokens} is not a prompt length (1 or more tokens)");
            if (PromptLengthCheck.IsCut(tokens, maxNewTokens, contextLength))
                throw new ArgumentException($"--tokens: {tokens} prompt tokens + {maxNewTokens} new tokens exceed model {model}'s context of " +
                                            $"{contextLength} tokens; lengths up to {Math.Max(0, contextLength - maxNewTokens)} fit (or lower --max-new-tokens)");
        }
    }

    /// <summary>
    /// <paramref name="count"/> prompts of exactly <paramref name="tokens"/> tokens each from <paramref name="problems"/>,
    /// the same prompts for the same seed.
    /// </summary>
    public PromptSet Build(IReadOnlyList<HumanEvalProblem> problems, int tokens, int count, ulong seed, string outputPath)
    {
        if (count < 1 || count > problems.Count)
            throw new ArgumentException($"--count: {count} prompts asked, but one prompt starts at each of the {problems.Count} problems (1-{problems.Count})");
        var order = Order(problems.Count, seed);
        var prompts = new List<PromptRecord>();
        for (int first = 0; first < order.Length && prompts.Count < count; first++)
            if (Cut(problems, order, first, tokens) is { } cut)
                prompts.Add(new PromptRecord(prompts.Count, cut.TaskIds, cut.Text, tokens, seed, cut.Start, cut.Window, tokenizerName));
        if (prompts.Count < count)
            throw new ArgumentException($"--count: only {prompts.Count} of {count} prompts of exactly {tokens} tokens could be cut with {tokenizerName}; ask fewer");
        return new PromptSet(outputPath, prompts);
    }

    /// <summary>The problems in a seeded order (Fisher-Yates).</summary>
    private static int[] Order(int problems, ulong seed)
    {
        var order = Enumerable.Range(0, problems).ToArray();
        var random = new DeterministicRandom(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(0, i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private sealed record Cutout(string Text, string TaskIds, int Start, int Window);

    /// <summary>The first window of exactly <paramref name="tokens"/> tokens in the text that starts at problem <c>order[first]</c>, or null.</summary>
    private Cutout? Cut(IReadOnlyList<HumanEvalProblem> problems, int[] order, int first, int tokens)
    {
        int special = tokenizer.CountTokens(problems[order[first]].Text) - cutter.CountTokens(problems[order[first]].Text);
        int window = tokens - special;
        if (window < 1)
            return null;
        // Enough text for the window and every shift of it: whole problems, joined in the seeded order.
        var taskIds = new List<string>();
        string text = "";
        IReadOnlyList<int> ids = [];
        for (int next = first; ids.Count < window + MaxShifts && taskIds.Count < problems.Count; next++)
        {
            var problem = problems[order[next % order.Length]];
            text = taskIds.Count == 0 ? problem.Text : text + ProblemSeparator + problem.Text;
            taskIds.Add(problem.TaskId);
            ids = cutter.EncodeToIds(text);
        }
        for (int start = 0; start <= MaxShifts && start + window <= ids.Count; start++)
        {
            var slice = ids.Skip(start).Take(window).ToList();
            string candidate = cutter.Decode(slice) ?? "";
            if (candidate.Contains('\uFFFD') || string.IsNullOrWhiteSpace(candidate))
                continue;
            if (cutter.EncodeToIds(candidate).SequenceEqual(slice) && tokenizer.CountTokens(candidate) == tokens)
                return new Cutout(candidate, string.Join('+', UsedTaskIds(problems, order, first, taskIds.Count, candidate, text)), start, window);
        }
        return null;
    }

    /// <summary>The problems the window's text reaches into (the first always; later ones when the window crosses a separator).</summary>
    private static IEnumerable<string> UsedTaskIds(IReadOnlyList<HumanEvalProblem> problems, int[] order, int first, int joined, string candidate, string text)
    {
        int end = text.IndexOf(candidate, StringComparison.Ordinal) is var at and >= 0 ? at + candidate.Length : text.Length;
        int offset = 0;
        for (int k = 0; k < joined; k++)
        {
            var problem = problems[order[(first + k) % order.Length]];
            if (offset < end || k == 0)
                yield return problem.TaskId;
            offset += problem.Text.Length + ProblemSeparator.Length;
        }
    }
}
