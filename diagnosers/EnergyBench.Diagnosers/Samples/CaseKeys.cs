using BenchmarkDotNet.Running;

namespace EnergyBench.Diagnosers.Samples;

/// <summary>
/// A benchmark case's identity as text, the same in every process that plans the same command line:
/// <c>OnnxCpu.Generate(BatchSize=1, MaxNewTokens=32, Model=gpt2-tiny, ...) [Job=Monitoring]</c>.
/// </summary>
public static class CaseKeys
{
    public static string Of(BenchmarkCase benchmarkCase)
    {
        var parameters = benchmarkCase.Parameters.Items.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}");
        return $"{benchmarkCase.Descriptor.Type.Name}.{benchmarkCase.Descriptor.WorkloadMethod.Name}({string.Join(", ", parameters)}) " +
               $"[Job={benchmarkCase.Job.ResolvedId}]";
    }
}
