using System.Globalization;
using System.Text;

namespace EnergyBench.Analysis.Tests;

/// <summary>Samples files written for tests: fixed values, so every statistic is reproducible.</summary>
public static class SyntheticSamples
{
    /// <summary>Ten iterations per configuration: torch-cpu around 60 J, jit-cpu around 58 J, onnx-cpu around 20 J (times a tenth).</summary>
    /// <param name="phases">Also a prefill/decode split of each iteration: a quarter of the time and a fifth of the energy in prefill.</param>
    public static string Write(string directory, string model = "gpt2-tiny", long parameters = 6_534_208, double onnxAgreement = 1, bool phases = false)
    {
        var csv = new StringBuilder("model,configuration,iteration,metric,value,unit,source\n");
        var centres = new Dictionary<string, double> { ["torch-cpu"] = 60, ["jit-cpu"] = 58, ["onnx-cpu"] = 20 };
        foreach (var (configuration, centre) in centres)
            for (int i = 1; i <= 10; i++)
            {
                // A fixed, non-normal-looking spread: mostly tight with one slow iteration.
                double energy = centre + (i % 5) * 0.4 + (i == 7 ? centre * 0.2 : 0);
                void Row(string metric, double value, string unit, string source) =>
                    csv.Append(string.Create(CultureInfo.InvariantCulture, $"{model},{configuration},{i},{metric},{value:R},{unit},{source}\n"));
                Row("time_s", energy / 10, "s", "clock");
                Row("global_energy_j", energy, "J", "counter");
                Row("cpu_energy_j", energy, "J", "counter");
                Row("energy_per_token_j", energy / 5248, "J", "counter");
                Row("model_parameters", parameters, "count", "config");
                if (phases)
                {
                    Row("prefill_time_s", energy / 40, "s", "clock");
                    Row("decode_time_s", energy * 3 / 40, "s", "clock");
                    Row("prefill_energy_j", energy / 5, "J", "interpolated");
                    Row("decode_energy_j", energy * 4 / 5, "J", "interpolated");
                }
                if (configuration != "torch-cpu")
                    Row("output_agreement", configuration == "onnx-cpu" ? onnxAgreement : 1, "share", "guard");
            }
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{model}-samples.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
