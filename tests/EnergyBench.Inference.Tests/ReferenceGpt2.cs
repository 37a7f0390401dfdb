using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// GPT-2 written as plain loops in double precision, with no cache and no library: an oracle that shares no code with
/// either engine. Only for tiny models.
/// </summary>
public sealed class ReferenceGpt2(string directory)
{
    private readonly ArchitectureConfig _c = Architecture.Load(Path.Combine(directory, "config.json"));

    private float[] W(string name)
    {
        using var file = new SafetensorsFile(Path.Combine(directory, "model.safetensors"));
        return file.ReadFloat32("transformer." + name);
    }

    /// <summary>Logits of the last position.</summary>
    public double[] LastLogits(int[] ids)
    {
        int n = ids.Length, d = _c.Hidden, heads = _c.Heads, hd = _c.HeadDim;
        float[] wte = W("wte.weight"), wpe = W("wpe.weight");
        var x = new double[n][];
        for (int t = 0; t < n; t++)
            x[t] = Enumerable.Range(0, d).Select(j => (double)wte[ids[t] * d + j] + wpe[t * d + j]).ToArray();

        for (int layer = 0; layer < _c.Layers; layer++)
        {
            string p = $"h.{layer}.";
            var qkv = x.Select(row => Affine(Norm(row, p + "ln_1"), p + "attn.c_attn")).ToArray();
            var attended = new double[n][];
            for (int t = 0; t < n; t++)
            {
                attended[t] = new double[d];
                for (int h = 0; h < heads; h++)
                {
                    var scores = new double[t + 1];
                    for (int s = 0; s <= t; s++)
                        scores[s] = Enumerable.Range(0, hd).Sum(j => qkv[t][h * hd + j] * qkv[s][d + h * hd + j]) / Math.Sqrt(hd);
                    double max = scores.Max(), sum = scores.Sum(v => Math.Exp(v - max));
                    for (int s = 0; s <= t; s++)
                        for (int j = 0; j < hd; j++)
                            attended[t][h * hd + j] += Math.Exp(scores[s] - max) / sum * qkv[s][2 * d + h * hd + j];
                }
            }
            for (int t = 0; t < n; t++)
            {
                x[t] = Add(x[t], Affine(attended[t], p + "attn.c_proj"));
                var inner = Affine(Norm(x[t], p + "ln_2"), p + "mlp.c_fc").Select(Gelu).ToArray();
                x[t] = Add(x[t], Affine(inner, p + "mlp.c_proj"));
            }
        }
        var last = Norm(x[n - 1], "ln_f");
        return Enumerable.Range(0, _c.VocabSize).Select(v => Enumerable.Range(0, d).Sum(j => last[j] * wte[v * d + j])).ToArray();
    }

    private double[] Norm(double[] x, string name)
    {
        float[] gamma = W(name + ".weight"), beta = W(name + ".bias");
        double mean = x.Average(), variance = x.Average(v => (v - mean) * (v - mean));
        return x.Select((v, j) => (v - mean) / Math.Sqrt(variance + _c.NormEpsilon) * gamma[j] + beta[j]).ToArray();
    }

    /// <summary>HF Conv1D: weight [in, out].</summary>
    private double[] Affine(double[] x, string name)
    {
        float[] w = W(name + ".weight"), b = W(name + ".bias");
        int outputs = b.Length;
        var y = b.Select(v => (double)v).ToArray();
        for (int i = 0; i < x.Length; i++)
            for (int o = 0; o < outputs; o++)
                y[o] += x[i] * w[i * outputs + o];
        return y;
    }

    private static double Gelu(double v) => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));

    private static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();
}
