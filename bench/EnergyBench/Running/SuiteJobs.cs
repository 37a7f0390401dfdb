using BenchmarkDotNet.Jobs;

namespace EnergyBench.Running;

/// <summary>
/// Jobs named on the command line: <c>--job NAME[:VAR=VALUE,...]</c>, repeated. Each is the suite's default job with
/// its own environment variables for the benchmark process (e.g. two OpenVINO builds through
/// <c>BENCH_OPENVINO_LIB</c>, or <c>DOTNET_TieredPGO=0</c>); the first is the baseline, so every report gets
/// BenchmarkDotNet's time <c>Ratio</c> and the suite's <c>Energy Ratio</c> against it, and samples label the cases
/// <c>onnx-cpu (Job=NAME)</c>. BenchmarkDotNet's job options (<c>--iterationCount</c>, ...) still apply to every job.
/// </summary>
public static class SuiteJobs
{
    public const string Variable = "BENCH_JOBS";

    /// <summary>Parses the <see cref="Variable"/> text: job definitions separated by ';'.</summary>
    public static IReadOnlyList<Job> Parse(string text)
    {
        var jobs = new List<Job>();
        foreach (string definition in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = definition.Split(':', 2);
            string name = parts[0].Trim();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"--job '{definition}': the name must be letters, digits, '-', '_' or '.'");
            if (jobs.Any(j => j.Id == name))
                throw new ArgumentException($"--job '{name}' is given twice");
            var variables = parts.Length == 2 ? Variables(parts[1], definition) : [];
            var job = SuiteConfig.DefaultJob.AsDefault(false).WithId(name);
            if (variables.Count > 0)
                job = job.WithEnvironmentVariables(variables.ToArray());
            jobs.Add(jobs.Count == 0 ? job.AsBaseline() : job);
        }
        if (jobs.Count == 1)
            throw new ArgumentException($"--job '{jobs[0].Id}': give at least two jobs to compare (the first is the baseline)");
        return jobs;
    }

    private static List<EnvironmentVariable> Variables(string text, string definition) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2 || kv[0].Length == 0 || !kv[0].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"--job '{definition}': '{pair}' is not VAR=VALUE");
            return new EnvironmentVariable(kv[0], kv[1]);
        }).ToList();
}
