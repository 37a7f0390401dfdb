using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Stopping;

namespace EnergyBench.Inference.Equivalence;

/// <summary>
/// Checks, before a configuration is measured, that it does the same work as the reference: greedy tokens for a fixed
/// subset of the prompts must agree, so configurations are never compared on unequal outputs.
/// </summary>
public static class OutputGuard
{
    /// <summary>The prompts the guard uses: <paramref name="count"/> indices spread evenly over the set.</summary>
    public static int[] Subset(int promptCount, int count) =>
        Enumerable.Range(0, Math.Min(count, promptCount)).Select(i => (int)((long)i * promptCount / Math.Min(count, promptCount))).ToArray();

    /// <summary>Greedy tokens of <paramref name="engine"/> for each prompt of <paramref name="subset"/>, stopping as <paramref name="stop"/> says.</summary>
    public static int[][] Generate(IDecoderEngine engine, IReadOnlyList<int[]> prompts, IReadOnlyList<int> subset, int maxNewTokens, IStopRule? stop = null) =>
        subset.Select(i => GreedyGenerator.Generate(engine, prompts[i], maxNewTokens, stop)).ToArray();

    /// <summary>
    /// Compares <paramref name="candidate"/>'s tokens with the reference's, prompt by prompt. With fixed-length outputs
    /// a prompt agrees when the candidate has the reference's tokens. With a stop policy (<paramref name="stopping"/>)
    /// lengths differ by design: the common prefix is compared, and a prompt agrees when it matches and, unless only the
    /// first <see cref="GuardOptions.Tokens"/> count, both stopped at the same token; the verdict counts the prompts
    /// whose stopping points agree.
    /// </summary>
    public static Agreement Compare(IReadOnlyList<int> subset, int[][] reference, int[][] candidate, GuardOptions options, bool stopping = false)
    {
        int identical = 0, sameStop = 0;
        Divergence? first = null;
        for (int i = 0; i < subset.Count; i++)
        {
            int limit = options.Tokens ?? int.MaxValue;
            int length = Math.Min(stopping ? Math.Min(reference[i].Length, candidate[i].Length) : reference[i].Length, limit);
            int position = Enumerable.Range(0, length).FirstOrDefault(p => p >= candidate[i].Length || candidate[i][p] != reference[i][p], -1);
            bool stopsAgree = reference[i].Length == candidate[i].Length;
            sameStop += stopsAgree ? 1 : 0;
            if (position < 0 && stopping && !stopsAgree && options.Tokens is null)
                position = length; // the same tokens, but one of them went on
            if (position < 0)
            {
                identical++;
                continue;
            }
            first ??= new Divergence(subset[i], position, At(reference[i], position), At(candidate[i], position));
        }
        return new Agreement(options.Reference.ShortName, subset.Count, identical, options.Tokens, options.RequiredShare, first, stopping ? sameStop : null);
    }

    /// <summary>The token at <paramref name="position"/>, or -1 where the sequence had ended.</summary>
    private static int At(int[] tokens, int position) => position < tokens.Length ? tokens[position] : -1;
}
