using EnergyBench.Benchmarks;
using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign.Progress;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Interruption;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.RunEnvironment;
using EnergyBench.Models;
using EnergyBench.Running;

namespace EnergyBench.Campaign;

/// <summary>
/// <c>bench</c> with campaign options: plans the cases (or reads the plan of a run to resume), estimates them, takes
/// this run's shard, puts them in order, and then either prints the plan (<c>--dry-run</c>, <c>--list</c>) or runs it
/// (<see cref="CampaignRunner"/>). Everything that can be refused is refused before the first case starts.
/// </summary>
public static class CampaignLauncher
{
    public static BenchRunner.Outcome Run(CampaignOptions options, IReadOnlyList<string> args)
    {
        CampaignPlan? resumed = options.Resume is { } resume ? CampaignPlan.Read(resume) : null;
        if (resumed is not null && (args.Count > 0 || options.Protocol is not null || options.Order is not null || options.Seed is not null
                                    || options.Shard is not null || options.PlanFile is not null || options.DryRun))
            throw new ArgumentException($"--resume runs with the options the run was started with ({string.Join(' ', resumed.Arguments)}); " +
                                        "give only --resume RUN_DIR (and --force, --case-timeout)");
        var protocol = resumed is not null ? Protocol.Parse(resumed.Protocol) : options.Protocol ?? Protocol.Quick;
        var arguments = resumed?.Arguments.ToList() ?? protocol.Apply(args);
        var benchmarkArgs = SuiteOptions.Apply(arguments);
        BenchRunner.PrepareEnvironment();
        string runDirectory = options.Resume ?? SuiteConfig.RunDirectoryOf(benchmarkArgs);
        var caseArgs = WithoutArtifacts(benchmarkArgs);
        bool listing = Preflight.PrintsOnly(caseArgs);

        Preflight.CheckOptions();
        if (resumed is null && !listing && !options.DryRun && CampaignLayout.IsCampaign(runDirectory))
            throw new ArgumentException($"{runDirectory} already holds a campaign; continue it with --resume {runDirectory}, or give another --artifacts folder");
        var benchmarks = ServingBenchmarks.All.Where(listing ? _ => true : BenchRunner.IsAvailable).ToArray();
        var plan = resumed is not null ? CheckResumable(resumed, runDirectory, caseArgs, benchmarks, options.Force)
            : MakePlan(options, protocol, arguments, caseArgs, benchmarks, runDirectory, calibrate: options.DryRun && !listing);
        // Models and prompts are checked (and synthetic presets built) once the plan is known to be runnable.
        if (!listing && !options.DryRun)
            Preflight.Run(benchmarkArgs);

        if (listing)
        {
            PrintList(plan);
            return new BenchRunner.Outcome(0, null);
        }
        if (options.DryRun)
        {
            plan.Write(runDirectory);
            DryRunTable.Write(Console.Out, plan.Cases, plan.EstimateSource, ShardSpecOf(plan), plan.PlanCaseCount, start: DateTimeOffset.Now);
            foreach (string absent in AbsentModels(plan))
                Console.WriteLine($"note: {absent}");
            Console.WriteLine($"plan: {CampaignLayout.PlanPath(runDirectory)} (shards balance by its estimates with --plan {CampaignLayout.PlanPath(runDirectory)})");
            return new BenchRunner.Outcome(0, null);
        }
        return Execute(plan, resumed is not null, options.CaseTimeout ?? (resumed?.CaseTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null),
            runDirectory, caseArgs, benchmarks);
    }

    private static BenchRunner.Outcome Execute(CampaignPlan plan, bool resuming, TimeSpan? caseTimeout, string runDirectory,
        IReadOnlyList<string> caseArgs, IReadOnlyList<Type> benchmarks)
    {
        using var runLock = RunLock.Acquire(runDirectory);
        var meterOptions = MeterOptions.FromEnvironment();
        using var interruption = RunInterruption.Listen();
        using var watchdog = caseTimeout is { } limit ? new CaseWatchdog(limit) : null;
        using var diagnoser = meterOptions.Enabled ? new EnergyDiagnoser(meterOptions, interruption, watchdog) : null;
        if (diagnoser is not null)
        {
            BenchRunner.PrintMeters(diagnoser);
            diagnoser.PlannedLabels = plan.Cases.ToDictionary(c => c.Key, c => c.Label);
        }
        else
            Console.WriteLine("meters: off (--no-meters); time and tokens only");
        // A resumed run keeps the environment it started with; a dry run's plan run with --resume starts measuring now.
        if (!resuming || !File.Exists(Path.Combine(runDirectory, EnvironmentRecord.JsonFile)))
            EnvironmentRecord.Capture(SuitePaths.Root, meterOptions, diagnoser?.Meters).Write(runDirectory);
        if (!resuming)
        {
            plan = plan with { CaseTimeoutSeconds = caseTimeout?.TotalSeconds };
            plan.Write(runDirectory);
        }
        Console.WriteLine($"environment: {Path.Combine(runDirectory, EnvironmentRecord.MarkdownFile)}");
        Console.WriteLine($"campaign: {plan.Cases.Count} case(s){(plan.Shard is { } shard ? $" (shard {shard} of a plan of {plan.PlanCaseCount})" : "")}, " +
                          $"{plan.Order} order (seed {plan.Seed}), protocol {plan.Protocol}, in {runDirectory}");

        CampaignRunner.Tally tally;
        using (var progress = CampaignProgress.For(Console.Out))
            tally = new CampaignRunner(runDirectory, caseArgs, benchmarks, diagnoser, interruption, watchdog, progress).Run(plan);

        Console.WriteLine($"campaign: {tally.Done} done, {tally.Failed} failed, {tally.TimedOut} timed out, {tally.NotRun} not run; " +
                          $"each case's reports are in {Path.Combine(runDirectory, CampaignLayout.CasesFolder)}/NNN-*/results");
        if (tally.Interrupted)
        {
            Console.Error.WriteLine($"stopped by {interruption.Signal}: the finished cases are kept; continue with: ./run.sh bench --resume {runDirectory}");
            return new BenchRunner.Outcome(BenchRunner.InterruptedExitCode, null);
        }
        int status = tally.Failed + tally.TimedOut > 0 ? 1 : 0;
        return new BenchRunner.Outcome(status, tally.Done + tally.Failed + tally.TimedOut > 0 ? runDirectory : null);
    }

    private static CampaignPlan MakePlan(CampaignOptions options, Protocol protocol, IReadOnlyList<string> arguments,
        IReadOnlyList<string> caseArgs, IReadOnlyList<Type> benchmarks, string runDirectory, bool calibrate)
    {
        var plan = CasePlanner.Plan(caseArgs, SuiteConfig.Create(runDirectory), benchmarks);
        if (plan.Count == 0)
            throw new ArgumentException("no benchmark case matches the filters (see: ./run.sh bench --list flat)");
        var planned = plan.Select(p => p.Planned).ToList();
        CampaignPlan? shared = options.PlanFile is { } file ? CampaignPlan.Read(Path.GetDirectoryName(file)!) : null;
        string source;
        if (shared is not null)
        {
            planned = WithSharedEstimates(planned, shared, options.PlanFile!);
            source = $"{shared.EstimateSource} (from {options.PlanFile})";
        }
        else
        {
            var work = WorkOf(plan[0].Case);
            var estimator = calibrate ? CaseEstimator.Calibrated(planned, work, Console.WriteLine)
                : CaseEstimator.FromModelSize(work);
            planned = planned.Select(c => c with { EstimateSeconds = estimator.Seconds(c) }).ToList();
            source = estimator.Source;
        }
        int seed = options.Seed ?? shared?.Seed ?? System.Random.Shared.Next();
        // A seed asks for a shuffle, whatever the protocol's own order.
        string order = options.Order ?? (options.Seed is not null ? CaseOrder.Random : shared?.Order ?? protocol.DefaultOrder);
        var mine = options.Shard is { } shard ? ShardPartition.Cases(planned, shard) : planned;
        if (options.Shard is { } s && mine.Count == 0)
            Console.WriteLine($"note: shard {s} has no case: the plan has {planned.Count} case(s) for {s.Count} shards");
        var settingsArgs = arguments.ToList();
        return new CampaignPlan(protocol.Name, order, seed, options.Shard?.ToString(), settingsArgs, CampaignSettings.Current(),
            SuiteVersion.Read(SuitePaths.Root).Value, source, planned.Count, CaseOrder.Arrange(mine, order, seed));
    }

    /// <summary>What every case repeats, from the job BenchmarkDotNet resolved for the command line and the meters' settings.</summary>
    private static CaseProtocol WorkOf(BenchmarkDotNet.Running.BenchmarkCase first)
    {
        var meters = MeterOptions.FromEnvironment();
        return new CaseProtocol(first.Job.Run.WarmupCount, first.Job.Run.IterationCount, meters.Enabled ? meters.Idle : TimeSpan.Zero,
            BenchmarkSettings.Guard(Inference.Engines.Precision.Fp32).Prompts);
    }

    /// <summary>The estimates of a dry run's plan, which must be the plan of these same cases.</summary>
    private static List<PlannedCase> WithSharedEstimates(List<PlannedCase> planned, CampaignPlan shared, string file)
    {
        var byKey = shared.Cases.ToDictionary(c => c.Key);
        var missing = planned.Where(c => !byKey.ContainsKey(c.Key)).ToList();
        if (missing.Count > 0 || shared.Cases.Count != planned.Count)
            throw new ArgumentException($"--plan {file}: made for other cases ({shared.Cases.Count} cases there, {planned.Count} here" +
                                        (missing.Count > 0 ? $"; not there: {missing[0].Key}" : "") + "); give the same filters and options as its dry run");
        return planned.Select(c => c with { EstimateSeconds = byKey[c.Key].EstimateSeconds }).ToList();
    }

    /// <summary>A resume runs the same code on the same settings and cases, unless forced.</summary>
    private static CampaignPlan CheckResumable(CampaignPlan plan, string runDirectory, IReadOnlyList<string> caseArgs, IReadOnlyList<Type> benchmarks, bool force)
    {
        var differences = CampaignSettings.Differences(plan.Settings, CampaignSettings.Current()).ToList();
        string? version = SuiteVersion.Read(SuitePaths.Root).Value;
        if (version != plan.SuiteVersion)
            differences.Insert(0, $"suite version: {plan.SuiteVersion ?? "unknown"} (then) vs {version ?? "unknown"} (now)");
        // The cases measured so far and those still to run must come from the same kind of machine (CPU and GPU models).
        if (EnvironmentRecord.Read(runDirectory) is { } then)
        {
            var now = EnvironmentRecord.Capture(SuitePaths.Root, MeterOptions.FromEnvironment(), meters: null);
            differences.InsertRange(0, Merge.RunComparison.Differences([new("then", "then", plan, then), new("now", "now", plan, now)]));
        }
        var keys = CasePlanner.Plan(caseArgs, SuiteConfig.Create(Path.GetTempPath()), benchmarks).Select(p => p.Planned.Key).ToHashSet();
        var gone = plan.Cases.Where(c => !keys.Contains(c.Key)).ToList();
        if (gone.Count > 0)
            throw new ArgumentException($"cannot resume: {gone.Count} planned case(s) no longer exist with this code and machine, e.g. {gone[0].Key}");
        if (differences.Count > 0 && !force)
            throw new ArgumentException($"cannot resume: the run was made with different code or settings ({string.Join("; ", differences)}); " +
                                        "rerun it, or add --force to mix them");
        foreach (string difference in differences)
            Console.WriteLine($"warning: --force: resuming although {difference}");
        return plan;
    }

    /// <summary>What keeps planned models from running here yet, so a dry run says what to fetch before the real run.</summary>
    private static List<string> AbsentModels(CampaignPlan plan)
    {
        var notes = new List<string>();
        var notDownloaded = new List<string>();
        foreach (string model in plan.Cases.Select(c => c.Model).Distinct())
        {
            try
            {
                ModelDirectory.Resolve(model);
            }
            catch (Exception e) when (e is ArgumentException or ModelFormatException or IOException)
            {
                if (Models.Registry.ModelRegistry.Find(model) is not null)
                    notDownloaded.Add(model);
                else
                    notes.Add(e.Message);
            }
        }
        if (notDownloaded.Count > 0)
            notes.Add( $"{notDownloaded.Count} planned study model(s) are not downloaded ({string.Join(", ", notDownloaded)}): " +
                         "fetch each with ./run.sh models fetch NAME before the run, or measure their twins (--models study-synthetic)");
        return notes;
    }

    private static ShardSpec? ShardSpecOf(CampaignPlan plan) => plan.Shard is { } shard ? ShardSpec.Parse(shard) : null;

    private static void PrintList(CampaignPlan plan)
    {
        Console.WriteLine(plan.Shard is { } shard ? $"shard {shard}: {plan.Cases.Count} of {plan.PlanCaseCount} cases" : $"{plan.Cases.Count} cases");
        foreach (var c in plan.Cases)
            Console.WriteLine($"{c.Index:000} {c.Key}");
    }

    private static List<string> WithoutArtifacts(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--artifacts")
                i++;
            else
                rest.Add(args[i]);
        }
        return rest;
    }
}
