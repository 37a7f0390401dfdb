using EnergyBench.Models.Synthetic;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Prompts;

/// <summary>
/// The study's prompt construction: tokenize a whole problem, pick a random window of 10-15 tokens, decode it. A window
/// whose text does not decode cleanly (it cuts a UTF-8 character) or re-encodes to a length outside the bounds is drawn
/// again from the same generator, so the recorded token count is what the model will really see.
/// </summary>
public sealed class PromptWindowSampler(Tokenizer tokenizer, string tokenizerName, int minTokens = 10, int maxTokens = 15)
{
    private const int MaxDraws = 1000;

    public PromptRecord Sample(int id, HumanEvalProblem problem, ulong seed)
    {
        var ids = tokenizer.EncodeToIds(problem.Text);
        if (ids.Count < minTokens)
            throw new ArgumentException($"{problem.TaskId} has {ids.Count} tokens, fewer than the window's minimum {minTokens}");
        var random = new DeterministicRandom(seed);
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            int window = random.NextInt(minTokens, Math.Min(maxTokens, ids.Count));
            int start = random.NextInt(0, ids.Count - window);
            string text = tokenizer.Decode(ids.Skip(start).Take(window)) ?? "";
            if (text.Contains('\uFFFD') || string.IsNullOrWhiteSpace(text))
                continue;
            int count = tokenizer.CountTokens(text);
            if (count >= minTokens && count <= maxTokens)
                return new PromptRecord(id, problem.TaskId, text, count, seed, start, window, tokenizerName);
        }
        throw new InvalidOperationException($"{problem.TaskId}: no clean {minTokens}-{maxTokens} token window found in {MaxDraws} draws");
    }

    /// <summary>The per-problem seed: the set's seed mixed with the problem's id, so problems draw independently.</summary>
    public static ulong ProblemSeed(ulong setSeed, string taskId) => DeterministicRandom.ForStream(setSeed, taskId).NextUInt64();
}
