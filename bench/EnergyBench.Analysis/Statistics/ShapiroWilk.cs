using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>
/// The Shapiro-Wilk test of normality with Royston's (1995, algorithm AS R94) approximations of the coefficients and of
/// the p-value, valid for 3 &lt;= n &lt;= 5000, as R's <c>shapiro.test</c> computes them.
/// </summary>
public static class ShapiroWilk
{
    private static readonly double[] C1 = [0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
    private static readonly double[] C2 = [0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
    private static readonly double[] C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
    private static readonly double[] C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
    private static readonly double[] C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
    private static readonly double[] C6 = [-0.4803, -0.082676, 0.0030302];
    private static readonly double[] G = [-2.273, 0.459];

    /// <summary>W and its p-value.</summary>
    public static (double W, double P) Test(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n < 3 || n > 5000)
            throw new StatisticsException($"Shapiro-Wilk needs 3 to 5000 values, got {n}");
        var x = values.Order().ToArray();
        if (x[^1] - x[0] < 1e-19 * Math.Max(1, Math.Abs(x[0])))
            throw new StatisticsException("Shapiro-Wilk is undefined when all values are identical");

        double[] a = Coefficients(n);
        double mean = x.Average();
        double numerator = 0;
        for (int i = 0; i < n / 2; i++)
            numerator += a[i] * (x[n - 1 - i] - x[i]);
        double w = Math.Min(1.0, numerator * numerator / x.Sum(v => (v - mean) * (v - mean)));
        return (w, PValue(w, n));
    }

    /// <summary>The upper half of the antisymmetric coefficient vector a (normalised to unit length), largest first.</summary>
    private static double[] Coefficients(int n)
    {
        int half = n / 2;
        var a = new double[half];
        if (n == 3)
        {
            a[0] = Math.Sqrt(0.5);
            return a;
        }
        var m = new double[half];
        double sumSquares = 0;
        for (int i = 0; i < half; i++)
        {
            m[i] = Normal.InvCDF(0, 1, (i + 1 - 0.375) / (n + 0.25));
            sumSquares += m[i] * m[i];
        }
        sumSquares *= 2;
        double root = Math.Sqrt(sumSquares), u = 1 / Math.Sqrt(n);
        double a1 = Polynomial(C1, u) - m[0] / root;
        int first;
        double scale;
        if (n > 5)
        {
            double a2 = -m[1] / root + Polynomial(C2, u);
            scale = Math.Sqrt((sumSquares - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[1] = a2;
            first = 2;
        }
        else
        {
            scale = Math.Sqrt((sumSquares - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1));
            first = 1;
        }
        a[0] = a1;
        for (int i = first; i < half; i++)
            a[i] = -m[i] / scale;
        return a;
    }

    private static double PValue(double w, int n)
    {
        if (n == 3)
            return Math.Max(0, 6 / Math.PI * (Math.Asin(Math.Sqrt(w)) - Math.PI / 3));
        double y = Math.Log(1 - w);
        double mean, sd;
        if (n <= 11)
        {
            double gamma = Polynomial(G, n);
            if (y >= gamma)
                return 1e-99; // as AS R94: W so small that the approximation's bound is passed
            y = -Math.Log(gamma - y);
            mean = Polynomial(C3, n);
            sd = Math.Exp(Polynomial(C4, n));
        }
        else
        {
            double logN = Math.Log(n);
            mean = Polynomial(C5, logN);
            sd = Math.Exp(Polynomial(C6, logN));
        }
        return 1 - Normal.CDF(mean, sd, y);
    }

    /// <summary>c[0] + c[1] x + c[2] x^2 + ...</summary>
    private static double Polynomial(double[] c, double x)
    {
        double result = 0;
        for (int i = c.Length - 1; i >= 0; i--)
            result = result * x + c[i];
        return result;
    }
}
