using System.Diagnostics;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Stopping;

namespace EnergyBench.Inference.Generation;

/// <summary>
/// Greedy decoding with the KV cache. Without a stop rule end-of-sequence is ignored, so every configuration generates
/// exactly <c>maxNewTokens</c> per prompt (fewer only when the model's context is full) and does the same work; with
/// one (<see cref="IStopRule"/>) a sequence ends after the token its criterion stops at, and no step follows it.
/// </summary>
public static class GreedyGenerator
{
    /// <param name="phases">Told when the prompt's prefill and decode ended (<see cref="PromptPhases"/>); null: not timed.</param>
    public static int[] Generate(IDecoderEngine engine, ReadOnlySpan<int> promptIds, int maxNewTokens, IStopRule? stop = null, IPhaseObserver? phases = null)
    {
        CheckPrompt(engine, promptIds);
        int count = Math.Min(maxNewTokens, engine.MaxPositions - promptIds.Length);
        var generated = new int[count];
        long start = Stopwatch.GetTimestamp(), firstToken = start;
        var criterion = stop?.Start(promptIds);
        using var session = engine.StartSession();
        var logits = session.Step(promptIds);
        var next = new int[1];
        int length = count;
        for (int i = 0; i < count; i++)
        {
            generated[i] = ArgMax(logits);
            if (i == 0)
                firstToken = Stopwatch.GetTimestamp();
            if (i + 1 == count)
                break;
            if (criterion is not null && criterion.Stops(generated[i]))
            {
                length = i + 1;
                break;
            }
            next[0] = generated[i];
            logits = session.Step(next);
        }
        phases?.Observe(new PromptPhases(start, firstToken, Stopwatch.GetTimestamp(), promptIds.Length, Math.Max(length - 1, 0)));
        return length == count ? generated : generated[..length];
    }

    /// <summary>
    /// Greedy decoding of several prompts together, as Hugging Face generates a batch: the prompts are padded on the
    /// left to the longest one, with an attention mask, and every row generates the same number of tokens, EOS ignored,
    /// each row's tokens by its own argmax. That number is <c>maxNewTokens</c> unless the longest prompt leaves the
    /// model's context less room; then every row stops there, a prefix of what it generates alone. With a stop rule each
    /// row stops on its own and the batch ends when every row has: as in Hugging Face, a row that stopped is still
    /// computed while others run, its further tokens dropped, so each row returns what it generates alone.
    /// </summary>
    public static int[][] GenerateBatch(IDecoderEngine engine, IReadOnlyList<int[]> prompts, int maxNewTokens, IStopRule? stop = null,
        IPhaseObserver? phases = null)
    {
        if (prompts.Count == 0)
            throw new ArgumentException("the batch has no prompts");
        foreach (var prompt in prompts)
            CheckPrompt(engine, prompt);
        int rows = prompts.Count, longest = prompts.Max(p => p.Length);
        int count = Math.Min(maxNewTokens, engine.MaxPositions - longest), vocab = engine.VocabSize;
        var generated = prompts.Select(_ => new int[count]).ToArray();
        var criteria = stop is null ? null : prompts.Select(p => stop.Start(p)).ToArray();
        int[]? lengths = criteria is null ? null : Enumerable.Repeat(count, rows).ToArray();

        // Padding is id 0: any id would do, as the mask hides it from every other position.
        var ids = new int[rows * longest];
        var attended = new bool[ids.Length];
        for (int row = 0; row < rows; row++)
        {
            int padding = longest - prompts[row].Length;
            prompts[row].CopyTo(ids, row * longest + padding);
            attended.AsSpan(row * longest + padding, prompts[row].Length).Fill(true);
        }

        long start = Stopwatch.GetTimestamp(), firstToken = start;
        using var session = engine.StartBatch(rows);
        var logits = session.Step(ids, attended);
        var next = new int[rows];
        var all = new bool[rows];
        all.AsSpan().Fill(true);
        for (int i = 0; i < count; i++)
        {
            for (int row = 0; row < rows; row++)
                next[row] = generated[row][i] = ArgMax(logits.Slice(row * vocab, vocab));
            if (i == 0)
                firstToken = Stopwatch.GetTimestamp();
            if (i + 1 == count)
                break;
            if (criteria is not null && StopRows(criteria, lengths!, next, i, count) == 0)
                break;
            logits = session.Step(next, all);
        }
        // Decode tokens are those the rows keep: a stopped row's dropped tokens are computed but not generated output.
        var result = lengths is null ? generated : generated.Select((row, r) => lengths[r] == count ? row : row[..lengths[r]]).ToArray();
        phases?.Observe(new PromptPhases(start, firstToken, Stopwatch.GetTimestamp(), prompts.Sum(p => p.Length), result.Sum(r => Math.Max(r.Length - 1, 0))));
        return result;
    }

    /// <summary>Tells each running row its token at step <paramref name="step"/>, records where rows stop; returns the rows still running.</summary>
    private static int StopRows(IStopCriterion[] criteria, int[] lengths, int[] tokens, int step, int count)
    {
        int running = 0;
        for (int row = 0; row < criteria.Length; row++)
        {
            if (lengths[row] != count)
                continue;
            if (criteria[row].Stops(tokens[row]))
                lengths[row] = step + 1;
            else
                running++;
        }
        return running;
    }

    private static void CheckPrompt(IDecoderEngine engine, ReadOnlySpan<int> promptIds)
    {
        if (promptIds.IsEmpty)
            throw new ArgumentException("the prompt has no tokens");
        if (promptIds.Length >= engine.MaxPositions)
            throw new ArgumentException($"the prompt has {promptIds.Length} tokens; the model takes at most {engine.MaxPositions}");
        if (Prompts.PromptVocabularyCheck.FirstOutside(promptIds, engine.VocabSize) is { } id)
            throw new ArgumentException($"prompt token id {id} is outside the model's vocabulary of {engine.VocabSize} ids");
    }

    /// <summary>The same tokens recomputed from scratch at every step, without a KV cache: the reference for the cache.</summary>
    public static int[] GenerateWithoutCache(IDecoderEngine engine, ReadOnlySpan<int> promptIds, int maxNewTokens)
    {
        var sequence = new List<int>(promptIds.ToArray());
        int count = Math.Min(maxNewTokens, engine.MaxPositions - promptIds.Length);
        var generated = new int[count];
        for (int i = 0; i < count; i++)
        {
            using var session = engine.StartSession();
            generated[i] = ArgMax(session.Step(sequence.ToArray()));
            sequence.Add(generated[i]);
        }
        return generated;
    }

    /// <summary>Index of the largest logit; the lowest index wins a tie.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        float bestValue = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > bestValue)
            {
                bestValue = logits[i];
                best = i;
            }
        }
        return best;
    }
}
