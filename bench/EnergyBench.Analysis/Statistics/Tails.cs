using MathNet.Numerics;

namespace EnergyBench.Analysis.Statistics;

/// <summary>Upper-tail probabilities computed directly, so small p-values keep their digits instead of becoming 1 - 1 = 0.</summary>
public static class Tails
{
    /// <summary>P(F &gt; f) for an F(df1, df2) variable: I_{df2/(df2 + df1 f)}(df2/2, df1/2).</summary>
    public static double FisherUpper(double df1, double df2, double f) =>
        f <= 0 ? 1 : SpecialFunctions.BetaRegularized(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));

    /// <summary>P(X &gt; x) for a chi-square variable with df degrees of freedom: Q(df/2, x/2).</summary>
    public static double ChiSquaredUpper(double df, double x) =>
        x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);
}
