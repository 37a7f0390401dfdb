using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;

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

    /// <summary>Greedy tokens of <paramref name="engine"/> for each prompt of <paramref name="subset"/>.</summary>
    public static int[][] Generate(IDecoderEngine engine, IReadOnlyList<int[]> prompts, IReadOnlyList<int> subset, int maxNewTokens) =>
        subset.Select(i => GreedyGenerator.Generate(engine, prompts[i], maxNewTokens)).ToArray();

    /// <summary>Compares <paramref name="candidate"/>'s tokens with the reference's, prompt by prompt.</summary>
    public static Agreement Compare(IReadOnlyList<int> subset, int[][] reference, int[][] candidate, GuardOptions options)
    {
        int identical = 0;
        Divergence? first = null;
        for (int i = 0; i < subset.Count; i++)
        {
            int length = Math.Min(reference[i].Length, options.Tokens ?? int.MaxValue);
            int position = Enumerable.Range(0, length).FirstOrDefault(p => p >= candidate[i].Length || candidate[i][p] != reference[i][p], -1);
            if (position < 0)
            {
                identical++;
                continue;
            }
            first ??= new Divergence(subset[i], position, reference[i][position], position < candidate[i].Length ? candidate[i][position] : -1);
        }
        return new Agreement(options.Reference.ShortName, subset.Count, identical, options.Tokens, options.RequiredShare, first);
    }
}
