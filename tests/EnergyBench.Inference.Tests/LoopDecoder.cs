using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// Any <see cref="ArchitectureConfig"/> written as plain loops in double precision over the canonical weights, with no
/// cache and no library: an oracle for the ONNX writer's graph that shares none of its code. Only for tiny models.
/// </summary>
public sealed class LoopDecoder(ModelDirectory model)
{
    private readonly ArchitectureConfig _c = model.LoadConfig();

    /// <summary>Logits of the last position.</summary>
    public double[] LastLogits(int[] ids)
    {
        using var checkpoint = model.OpenCheckpoint();
        var names = checkpoint.Weights.Select(w => w.Name).ToHashSet();
        double[] W(string name) => [.. checkpoint.Read(name).Select(v => (double)v)];
        double[]? Optional(string name) => names.Contains(name) ? W(name) : null;
        double[][] Norm(double[][] x, string weight, string bias) => [.. x.Select(row => Normalize(row, W(weight), Optional(bias)))];

        double[] embedding = W(Embedding);
        double[]? positions = Optional(PositionEmbedding);
        var x = new double[ids.Length][];
        for (int t = 0; t < ids.Length; t++)
            x[t] = [.. Enumerable.Range(0, _c.Hidden).Select(j =>
                embedding[ids[t] * _c.Hidden + j] * _c.EmbeddingScale + (positions?[t * _c.Hidden + j] ?? 0))];
        if (_c.EmbeddingNorm)
            x = Norm(x, EmbeddingNormWeight, EmbeddingNormBias);

        for (int layer = 0; layer < _c.Layers; layer++)
        {
            string L(string part) => Layer(layer, part);
            var normed = Norm(x, L(Part.AttentionNormWeight), L(Part.AttentionNormBias));
            var attention = Attention(layer, normed, W(L(Part.Qkv)), Optional(L(Part.QkvBias)), W(L(Part.Output)), Optional(L(Part.OutputBias)));
            double[][] Mlp(double[][] input) => [.. input.Select(row => MlpRow(row, Optional(L(Part.Gate)), W(L(Part.Up)), Optional(L(Part.UpBias)),
                W(L(Part.Down)), Optional(L(Part.DownBias))))];
            if (_c.Residual == ResidualKind.Sequential)
            {
                x = Add(x, attention);
                x = Add(x, Mlp(Norm(x, L(Part.MlpNormWeight), L(Part.MlpNormBias))));
            }
            else
            {
                var mlp = Mlp(_c.Residual == ResidualKind.ParallelSharedNorm ? normed : Norm(x, L(Part.MlpNormWeight), L(Part.MlpNormBias)));
                x = Add(Add(x, attention), mlp);
            }
        }
        double[] last = Normalize(x[^1], W(FinalNormWeight), Optional(FinalNormBias));
        return Linear(last, _c.TiedHead ? embedding : W(Head), Optional(CanonicalWeights.HeadBias));
    }

    private double[][] Attention(int layer, double[][] x, double[] qkvWeight, double[]? qkvBias, double[] outputWeight, double[]? outputBias)
    {
        int n = x.Length, hd = _c.HeadDim, group = _c.Heads / _c.KvHeads;
        var qkv = x.Select(row => Linear(row, qkvWeight, qkvBias)).ToArray();
        double[] Q(int t, int h) => Rotate(qkv[t].AsSpan(h * hd, hd).ToArray(), t);
        double[] K(int t, int g) => Rotate(qkv[t].AsSpan(_c.QueryWidth + g * hd, hd).ToArray(), t);
        double[] V(int t, int g) => qkv[t].AsSpan(_c.QueryWidth + _c.KvWidth + g * hd, hd).ToArray();
        double[] slopes = _c.Positions == PositionKind.Alibi ? _c.AlibiSlopes() : new double[_c.Heads];

        var result = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var context = new double[_c.QueryWidth];
            for (int h = 0; h < _c.Heads; h++)
            {
                double[] q = Q(i, h);
                int g = h / group;
                // Causal: query i sees keys 0..i; ALiBi adds slope times the key's position.
                var scores = Enumerable.Range(0, i + 1).Select(j => Dot(q, K(j, g)) * _c.AttentionScale(layer) + slopes[h] * j).ToArray();
                double max = scores.Max();
                var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                double sum = weights.Sum();
                for (int j = 0; j <= i; j++)
                {
                    double[] v = V(j, g);
                    for (int e = 0; e < hd; e++)
                        context[h * hd + e] += weights[j] / sum * v[e];
                }
            }
            result[i] = Linear(context, outputWeight, outputBias);
        }
        return result;
    }

    /// <summary>rotate_half on the first rotary dims at position <paramref name="t"/>, with inv_freq over those dims.</summary>
    private double[] Rotate(double[] x, int t)
    {
        if (_c.Positions != PositionKind.Rotary)
            return x;
        int r = _c.RotaryDims, half = r / 2;
        var rotated = (double[])x.Clone();
        for (int j = 0; j < r; j++)
        {
            double angle = t * Math.Pow(_c.RotaryBase, -2.0 * (j % half) / r);
            double partner = j < half ? -x[j + half] : x[j - half];
            rotated[j] = x[j] * Math.Cos(angle) + partner * Math.Sin(angle);
        }
        return rotated;
    }

    private double[] MlpRow(double[] x, double[]? gate, double[] up, double[]? upBias, double[] down, double[]? downBias)
    {
        double[] inner = Linear(x, up, upBias);
        double[]? gated = gate is null ? null : Linear(x, gate, null);
        for (int j = 0; j < inner.Length; j++)
            inner[j] = gated is null ? Activate(inner[j]) : Activate(gated[j]) * inner[j];
        return Linear(inner, down, downBias);
    }

    private double Activate(double x) => _c.Activation switch
    {
        Activation.GeluTanh => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        Activation.GeluErf => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        _ => x / (1 + Math.Exp(-x)),
    };

    /// <summary>erf by its Maclaurin series, which converges fast for the small arguments of tiny random models.</summary>
    private static double Erf(double x)
    {
        if (Math.Abs(x) > 5)
            return Math.Sign(x);
        double sum = 0, term = x;
        for (int n = 0; n < 200 && Math.Abs(term) > 1e-17; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private double[] Normalize(double[] x, double[] weight, double[]? bias)
    {
        double mean = _c.Norm == NormKind.LayerNorm ? x.Average() : 0;
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return [.. x.Select((v, j) => (v - mean) / Math.Sqrt(variance + _c.NormEpsilon) * weight[j] + (bias?[j] ?? 0))];
    }

    /// <summary>W x + b with W [out, in].</summary>
    private static double[] Linear(double[] x, double[] weight, double[]? bias)
    {
        int inputs = x.Length, outputs = weight.Length / inputs;
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
            y[o] = Dot(x, weight.AsSpan(o * inputs, inputs)) + (bias?[o] ?? 0);
        return y;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static double[][] Add(double[][] a, double[][] b) => [.. a.Select((row, t) => row.Select((v, j) => v + b[t][j]).ToArray())];
}
