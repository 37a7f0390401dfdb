namespace EnergyBench.Campaign;

/// <summary>
/// The order a campaign runs its cases in. <c>random</c> interleaves configurations and models so that thermal drift
/// and the time of day's load do not line up with one configuration; the seed is recorded, so the order can be
/// repeated. <c>plan</c> keeps BenchmarkDotNet's order.
/// </summary>
public static class CaseOrder
{
    public const string Random = "random", Plan = "plan";

    public static string Parse(string text) => text is Random or Plan
        ? text
        : throw new ArgumentException($"--order '{text}': expected {Random} or {Plan}");

    /// <summary>The cases in run order; a Fisher-Yates shuffle with <see cref="System.Random(int)"/>, which is the same on every .NET.</summary>
    public static IReadOnlyList<T> Arrange<T>(IReadOnlyList<T> cases, string order, int seed)
    {
        var list = cases.ToList();
        if (order == Plan)
            return list;
        var random = new System.Random(seed);
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
