namespace EnergyBench.Inference.Tests.Reference;

/// <summary>The operations of a decoder as plain double-precision loops over vectors.</summary>
public static class ReferenceMath
{
    /// <summary>y = W x + b with W stored [out, in] (input-major false) or [in, out] (input-major true).</summary>
    public static double[] MatVec(double[] x, double[] weight, bool inputMajor, double[]? bias)
    {
        int inputs = x.Length, outputs = weight.Length / inputs;
        var y = bias is null ? new double[outputs] : (double[])bias.Clone();
        for (int o = 0; o < outputs; o++)
        {
            double sum = 0;
            for (int i = 0; i < inputs; i++)
                sum += x[i] * weight[inputMajor ? i * outputs + o : o * inputs + i];
            y[o] += sum;
        }
        return y;
    }

    public static double[] LayerNorm(double[] x, double[] weight, double[] bias, double epsilon)
    {
        double mean = x.Average(), variance = x.Average(v => (v - mean) * (v - mean));
        double inverse = 1 / Math.Sqrt(variance + epsilon);
        return x.Select((v, j) => (v - mean) * inverse * weight[j] + bias[j]).ToArray();
    }

    /// <summary>w * x / sqrt(mean(x^2) + eps), with <paramref name="weight"/> as it multiplies.</summary>
    public static double[] RmsNorm(double[] x, double[] weight, double epsilon)
    {
        double inverse = 1 / Math.Sqrt(x.Average(v => v * v) + epsilon);
        return x.Select((v, j) => v * inverse * weight[j]).ToArray();
    }

    /// <summary>The activation transformers' ACT2FN gives for a config name.</summary>
    public static Func<double, double> Activation(string name) => name switch
    {
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => GeluTanh,
        "gelu" => GeluExact,
        "silu" or "swish" => Silu,
        _ => throw new NotSupportedException($"activation '{name}'"),
    };

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    public static double GeluExact(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    public static double Silu(double x) => x / (1 + Math.Exp(-x));

    /// <summary>
    /// erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): every term positive, so no cancellation;
    /// beyond |x| = 6 erf is 1 to double precision.
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (a > 6)
            return Math.Sign(x);
        double term = a, sum = a;
        for (int n = 1; term > 1e-17 * sum; n++)
        {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum;
    }

    public static double[] Add(params double[][] terms)
    {
        var sum = new double[terms[0].Length];
        foreach (var term in terms)
            for (int j = 0; j < sum.Length; j++)
                sum[j] += term[j];
        return sum;
    }

    public static double[] Multiply(double[] a, double[] b) => a.Select((v, j) => v * b[j]).ToArray();

    public static double[] Apply(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    /// <summary>
    /// Causal attention over a whole sequence. <paramref name="q"/> rows are [heads x head_dim], <paramref name="k"/>
    /// and <paramref name="v"/> rows [kv heads x head_dim]; query head h reads KV head <paramref name="kvHeadOf"/>(h);
    /// <paramref name="bias"/>(h, key position) is added to the scaled scores.
    /// </summary>
    public static double[][] CausalAttention(double[][] q, double[][] k, double[][] v, int heads, int headDim, double scale,
        Func<int, int> kvHeadOf, Func<int, int, double>? bias = null)
    {
        int n = q.Length;
        var result = new double[n][];
        for (int t = 0; t < n; t++)
        {
            result[t] = new double[heads * headDim];
            for (int h = 0; h < heads; h++)
            {
                int kvOffset = kvHeadOf(h) * headDim;
                var scores = new double[t + 1];
                for (int s = 0; s <= t; s++)
                {
                    double dot = 0;
                    for (int j = 0; j < headDim; j++)
                        dot += q[t][h * headDim + j] * k[s][kvOffset + j];
                    scores[s] = dot * scale + (bias?.Invoke(h, s) ?? 0);
                }
                double max = scores.Max(), total = scores.Sum(score => Math.Exp(score - max));
                for (int s = 0; s <= t; s++)
                {
                    double weight = Math.Exp(scores[s] - max) / total;
                    for (int j = 0; j < headDim; j++)
                        result[t][h * headDim + j] += weight * v[s][kvOffset + j];
                }
            }
        }
        return result;
    }

    /// <summary>Logits h . row_v (+ b_v) for every vocabulary row of a head stored [vocab, hidden].</summary>
    public static double[] Logits(double[] hidden, double[] head, double[]? bias, double headScale = 1)
    {
        int width = hidden.Length, vocab = head.Length / width;
        var logits = new double[vocab];
        for (int row = 0; row < vocab; row++)
        {
            double sum = 0;
            for (int j = 0; j < width; j++)
                sum += hidden[j] * head[row * width + j];
            logits[row] = sum * headScale + (bias?[row] ?? 0);
        }
        return logits;
    }
}

/// <summary>
/// Rotary positions on the first <see cref="Dims"/> dims of every head: pairs (i, i + Dims/2) as rotate_half pairs
/// them (or adjacent pairs), turned by position * base^(-2i / FrequencyDims).
/// </summary>
public sealed record Rotary(int Dims, double Base, int FrequencyDims, bool AdjacentPairs)
{
    public void Apply(double[] x, int heads, int headDim, int position)
    {
        int half = Dims / 2;
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < half; i++)
            {
                double angle = position * Math.Pow(Base, -2.0 * i / FrequencyDims);
                double cos = Math.Cos(angle), sin = Math.Sin(angle);
                int a = h * headDim + (AdjacentPairs ? 2 * i : i), b = AdjacentPairs ? a + 1 : a + half;
                (x[a], x[b]) = (x[a] * cos - x[b] * sin, x[b] * cos + x[a] * sin);
            }
    }
}
