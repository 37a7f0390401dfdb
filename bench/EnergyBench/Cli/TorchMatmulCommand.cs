using System.CommandLine;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Models;

namespace EnergyBench.Cli;

/// <summary>
/// <c>torch-matmul</c>: a model's decode matmuls in bare TorchSharp against a plain loop over the same weights, to tell
/// libtorch's own speed from the suite's use of it.
/// </summary>
public static class TorchMatmulCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "preset name or model directory (only its config.json is read)", Required = true };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads (default: one per physical core)" };
        var command = new Command("torch-matmul", "Batch-1 decode matmuls of a model: libtorch's linear vs. a plain vectorised loop, in GB/s of weights read")
        {
            model, threads,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            if (result.GetValue(threads) is <= 0 and var badThreads)
                throw new ArgumentException($"--threads: '{badThreads}' is not a positive integer");
            int threadCount = result.GetValue(threads) ?? EngineOptions.Default.IntraOpThreads;
            var config = ModelDirectory.Resolve(result.GetValue(model)!).RequireBuilt().LoadConfig();
            var (settings, timings) = DecodeMatmulBenchmark.Run(config, threadCount);
            Console.WriteLine(string.Join(", ", settings.Select(pair => $"{pair.Key}={pair.Value}")));
            Console.WriteLine($"{"matmul",-18} {"[out x in]",-14} {"MB",6}  {"linear [out,in]",18}  {"matmul [in,out]",18}  {"plain loop",18}");
            foreach (var t in timings)
                Console.WriteLine($"{t.Name,-18} {$"{t.Out} x {t.In}",-14} {t.WeightBytes / 1e6,6:F1}  {Cell(t, t.Linear)}  {Cell(t, t.InOut)}  {Cell(t, t.PlainLoop)}");
            Console.WriteLine("us per call (median of passes over copies larger than any cache) and GB/s of weights read; the plain loop shows what memory delivers.");
            return 0;
        }));
        return command;
    }

    private static string Cell(DecodeMatmulTiming timing, double micros) => $"{micros,8:F0} us {timing.Rate(micros),5:F1} GB/s";
}
