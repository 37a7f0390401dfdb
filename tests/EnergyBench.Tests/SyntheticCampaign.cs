using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Samples;
using EnergyBench.Campaign;
using EnergyBench.Diagnosers.RunEnvironment;

namespace EnergyBench.Tests;

/// <summary>
/// Campaign run directories written for tests, laid out as a campaign writes them: <c>campaign.json</c>,
/// <c>environment.json/.md</c>, and per case <c>cases/NNN-.../case.json</c> and a samples file in the real format with
/// fixed values.
/// </summary>
public static class SyntheticCampaign
{
    /// <summary>What a test varies between runs of one plan.</summary>
    public sealed record Machine(string Cpu = "AMD EPYC 7B13", string Suite = "4b63109", string Protocol = "paper", string? Gpu = null,
        string Threads = "2", IReadOnlyList<string>? ExtraArguments = null);

    /// <summary>Two models x three CPU configurations, with estimates.</summary>
    public static IReadOnlyList<PlannedCase> Plan()
    {
        string[] models = ["gpt2-tiny", "codeparrot-small-synthetic"], configurations = ["torch-cpu", "jit-cpu", "onnx-cpu"];
        return models.SelectMany(_ => configurations, (model, configuration) => (model, configuration))
            .Select((c, i) => new PlannedCase(i, $"{Class(c.configuration)}.Generate(Model={c.model}) [Job=Monitoring]", Class(c.configuration),
                c.configuration, c.model, new Dictionary<string, string> { ["Method"] = "Generate" }, c.configuration, 60 + 30 * (i % 4)))
            .ToList();
    }

    /// <summary>
    /// Writes one shard's run of <paramref name="plan"/> into <paramref name="directory"/>; each of its cases ends
    /// <see cref="CaseOutcome.Done"/> unless <paramref name="outcome"/> says otherwise (null: never started).
    /// </summary>
    public static string Write(string directory, IReadOnlyList<PlannedCase> plan, ShardSpec shard, Machine? machine = null,
        Func<PlannedCase, CaseOutcome?>? outcome = null)
    {
        machine ??= new Machine();
        var cases = ShardPartition.Cases(plan, shard);
        var arguments = new List<string> { "--protocol", machine.Protocol, "--threads", machine.Threads, "--shard", shard.ToString(),
            "--plan", "runs/plan/campaign.json", "--artifacts", directory };
        arguments.AddRange(machine.ExtraArguments ?? []);
        new CampaignPlan(machine.Protocol, "random", 17, shard.ToString(), arguments, new Dictionary<string, string> { ["BENCH_THREADS"] = machine.Threads },
            machine.Suite, "calibrated", plan.Count, cases).Write(directory);

        var facts = new List<EnvironmentFact> { new("suite", "commit", machine.Suite), new("cpu", "model", machine.Cpu), new("cpu", "governor", "performance") };
        facts.Add(machine.Gpu is null ? new EnvironmentFact("gpu", "gpus", null, "NVML: libnvidia-ml.so.1 not found")
            : new EnvironmentFact("gpu", "0 model", machine.Gpu));
        new EnvironmentRecord(facts).Write(directory);

        foreach (var c in cases)
        {
            var ended = outcome is null ? CaseOutcome.Done : outcome(c);
            if (ended is null)
                continue;
            var started = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(c.Index);
            new CaseRecord(c.Key, c.Label, c.Model, c.Configuration, ended.Value, 1, started,
                ended is CaseOutcome.Running ? null : started.AddMinutes(1)).Write(CampaignLayout.CaseRecordPath(directory, c));
            WriteSamples(Path.Combine(CampaignLayout.CaseDirectory(directory, c), "results"), c);
        }
        return directory;
    }

    /// <summary>Every sample row under a run directory, without the launch (the folder it was read from).</summary>
    public static List<string> Rows(string run) =>
        SamplesReader.Read(SamplesReader.Find(run))
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.Configuration},{r.Iteration},{r.Metric},{r.Value:R},{r.Unit},{r.Source}"))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Ten iterations with values fixed by the case's index: torch-cpu costliest, onnx-cpu cheapest.</summary>
    private static void WriteSamples(string results, PlannedCase c)
    {
        var csv = new StringBuilder(SamplesReader.Header + "\n");
        double centre = c.Configuration switch { "torch-cpu" => 60, "jit-cpu" => 58, _ => 20 } * (c.Model == "gpt2-tiny" ? 1 : 8);
        for (int i = 1; i <= 10; i++)
        {
            double energy = centre + (i % 5) * 0.4 + c.Index * 0.01;
            void Row(string metric, double value, string unit, string source) =>
                csv.Append(string.Create(CultureInfo.InvariantCulture, $"{c.Model},{c.Label},{i},{metric},{value:R},{unit},{source}\n"));
            Row("time_s", energy / 10, "s", "clock");
            Row("global_energy_j", energy, "J", "counter");
            Row("cpu_energy_j", energy, "J", "counter");
            Row("energy_per_token_j", energy / 5248, "J", "counter");
            if (c.Configuration != "torch-cpu")
                Row("output_agreement", 1, "share", "guard");
        }
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, $"{c.Model}-samples.csv"), csv.ToString());
    }

    private static string Class(string configuration) =>
        string.Concat(configuration.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
