using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;

namespace EnergyBench.Running;

/// <summary>
/// Generates the output-equivalence guard's reference tokens in the host, before each benchmark process starts, and
/// passes them on in a file of the run folder (<see cref="GuardReference"/>). The measured process then loads only
/// its configuration's model, so its RSS and peak RSS are the configuration's own. Cases that share a model, prompt
/// set, token count and thread count share one file; the reference model is released before the process starts.
/// </summary>
/// <param name="folder">Where the reference files go; null: <c>guard/</c> in each run's artifacts folder (a campaign shares one across its cases).</param>
/// <param name="say">Where its one line per reference goes (a campaign's progress display); null: the console.</param>
public sealed class GuardReferenceDiagnoser(string? folder = null, Action<string>? say = null) : HostSignalDiagnoser
{
    private readonly HashSet<string> _written = [];

    public override IEnumerable<string> Ids => ["EnergyBench.GuardReference"];

    public override void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal != HostSignal.BeforeProcessStart || parameters.Process is null
            || !parameters.BenchmarkCase.Descriptor.Type.IsSubclassOf(typeof(ServingBenchmark)))
            return;
        if (FileFor(parameters.BenchmarkCase, folder ?? Path.Combine(parameters.Config.ArtifactsPath, "guard")) is { } file)
            parameters.Process.StartInfo.Environment[GuardReference.FileVariable] = file;
    }

    /// <summary>The case's reference file, written unless an earlier case wrote it; null when the case needs no reference.</summary>
    private string? FileFor(BenchmarkCase benchmarkCase, string folder)
    {
        var configuration = ServingBenchmarks.ConfigurationOf(benchmarkCase.Descriptor.Type);
        var options = new EngineOptions((int)benchmarkCase.Parameters[nameof(ServingBenchmark.Threads)],
            PrecisionNames.Parse((string)benchmarkCase.Parameters[nameof(ServingBenchmark.Precision)]));
        var guard = BenchmarkSettings.Guard(options.Precision);
        if (!GuardCheck.NeedsReference(guard, configuration, options.Precision))
            return null;
        var model = ModelDirectory.Resolve(((ModelChoice)benchmarkCase.Parameters[nameof(ServingBenchmark.Model)]).Reference);
        string promptSet = (string)benchmarkCase.Parameters[nameof(ServingBenchmark.Prompts)];
        int maxNewTokens = (int)benchmarkCase.Parameters[nameof(ServingBenchmark.MaxNewTokens)];
        var stop = StopPolicyNames.Parse((string)benchmarkCase.Parameters[nameof(ServingBenchmark.Stop)]);
        var prompts = ServingBenchmark.EncodePrompts(model, promptSet);
        int[] subset = OutputGuard.Subset(prompts.Length, guard.Prompts);
        string key = GuardReference.KeyOf(guard.Reference, model, promptSet, maxNewTokens, options.IntraOpThreads, subset, stop);
        string file = Path.Combine(folder, GuardReference.FileNameOf(key));
        if (_written.Add(file))
        {
            (say ?? Console.WriteLine)($"// output-equivalence guard: {guard.Reference.ShortName} generates the reference tokens in the host ({key})");
            Compute(key, guard.Reference, model, options, prompts, subset, maxNewTokens, stop).Write(file);
        }
        return file;
    }

    /// <summary>The reference, or the error it failed with, which the benchmark process then reports as its own.</summary>
    private static GuardReference Compute(string key, ServingConfiguration reference, ModelDirectory model, EngineOptions options,
        int[][] prompts, int[] subset, int maxNewTokens, StopPolicy stop)
    {
        try
        {
            return GuardReference.Compute(key, reference, model, options, prompts, subset, maxNewTokens, StopSetup.For(stop, model).Rule);
        }
        catch (Exception e)
        {
            return new GuardReference(key, null, null, e.Message);
        }
        finally
        {
            // The reference's managed buffers go before the benchmark process starts, beside it on the same machine.
            GC.Collect();
        }
    }
}
