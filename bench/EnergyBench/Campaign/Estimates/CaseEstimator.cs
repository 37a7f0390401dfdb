using EnergyBench.Inference.Engines;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// Expected wall time of each case of a plan:
/// <code>
/// build + load + setup + idle before + idle after + (warm-up + iterations + memory pass) x pass
/// pass  = groups x (prefill of a group + (new tokens - 1) x decode step of a group)
/// </code>
/// where the load, prefill and decode times come from the configuration's <see cref="ServingSpeed"/>: calibrated on
/// this machine (<see cref="Calibrated"/>), or fixed constants the same everywhere (<see cref="FromModelSize"/>), which
/// shards planned without a calibrated plan use so that every shard computes the same partition. With <c>eos</c> or
/// <c>code</c> stopping every prompt is counted at its full token count: an upper bound.
/// </summary>
public sealed class CaseEstimator
{
    /// <summary>
    /// BenchmarkDotNet's build of a case's program, taken rather than measured (a build takes as long as a case of
    /// gpt2-tiny): BenchmarkDotNet's logs of this suite show 27-36 s on a quiet 2-core machine, 85-93 s on a loaded one.
    /// </summary>
    public const double DefaultBuildSeconds = 30;

    /// <summary>Basis of an estimate made from the model's size rather than from a timing of the model itself.</summary>
    public const string FromSizeBasis = "est. from model size";

    private readonly IReadOnlyDictionary<string, ServingSpeed> _speeds;

    private CaseEstimator(IReadOnlyDictionary<string, ServingSpeed> speeds, CaseProtocol protocol, double buildSeconds, string source)
    {
        _speeds = speeds;
        Protocol = protocol;
        BuildSeconds = buildSeconds;
        Source = source;
    }

    public CaseProtocol Protocol { get; }

    public double BuildSeconds { get; }

    /// <summary>How the estimates were made, for the plan file and the dry run's table (<see cref="CampaignPlan.EstimateSource"/>).</summary>
    public string Source { get; }

    /// <summary>The calibration behind the estimates; null for <see cref="FromModelSize"/>.</summary>
    public CalibrationResult? Calibration { get; private init; }

    /// <summary>
    /// Calibrates every configuration the cases use that runs here (<see cref="Calibrator"/>, on
    /// <see cref="CalibrationModels"/>) and estimates from that; configurations that cannot run here are estimated from
    /// model size. The calibration runs in this process and takes seconds to a minute.
    /// </summary>
    public static CaseEstimator Calibrated(IReadOnlyList<PlannedCase> cases, CaseProtocol protocol, Action<string> progress,
        CalibrationOptions? options = null, double buildSeconds = DefaultBuildSeconds)
    {
        options ??= CalibrationOptions.Default;
        if (cases.Count == 0)
            return FromCalibration(new CalibrationResult([], 0), protocol, buildSeconds);
        var works = cases.Select(c => CaseWork.Of(c, protocol)).ToList();
        // Each configuration at the thread count most of its cases use; the prompts of the first prompt set planned.
        var targets = works.GroupBy(w => w.Configuration)
            .Select(g => (Configuration: g.Key, Threads: g.GroupBy(w => w.Threads).MaxBy(t => t.Count())!.Key))
            .OrderBy(t => t.Configuration.ShortName, StringComparer.Ordinal).ToList();
        string promptSet = cases.Select(c => c.Parameters.GetValueOrDefault(nameof(Benchmarks.ServingBenchmark.Prompts))).FirstOrDefault(p => p is { Length: > 0 })
                           ?? Inference.Prompts.PromptSet.DefaultName;
        var references = CalibrationModels.For(cases.Select(c => c.Model), options, progress);
        var calibration = Calibrator.Run(targets, references, promptSet, options, progress);
        return FromCalibration(calibration, protocol, buildSeconds);
    }

    /// <summary>Estimates from a calibration already made (or made up, in tests).</summary>
    public static CaseEstimator FromCalibration(CalibrationResult calibration, CaseProtocol protocol, double buildSeconds = DefaultBuildSeconds)
    {
        var speeds = calibration.Configurations.Where(c => c.IsCalibrated)
            .ToDictionary(c => c.Configuration, ServingSpeed.Fit, StringComparer.OrdinalIgnoreCase);
        var missing = calibration.Configurations.Where(c => !c.IsCalibrated).Select(c => c.Configuration).ToList();
        string source = $"calibrated here in {calibration.Seconds:0} s ({calibration.Describe()}); other models {FromSizeBasis} " +
                        "(decode step = overhead + weight bytes / bandwidth, fitted on those)" +
                        (missing.Count > 0 ? $"; {string.Join(", ", missing)} not calibrated, from model size alone" : "") +
                        $"; build {buildSeconds:0} s per case assumed";
        return new CaseEstimator(speeds, protocol, buildSeconds, source) { Calibration = calibration };
    }

    /// <summary>Estimates from model size and work alone, with constants that are the same on every machine (<see cref="ServingSpeed.ModelSizeDefaults"/>).</summary>
    public static CaseEstimator FromModelSize(CaseProtocol protocol, double buildSeconds = DefaultBuildSeconds) =>
        new(new Dictionary<string, ServingSpeed>(), protocol, buildSeconds,
            $"model size and work alone (no calibration; the same on every machine); build {buildSeconds:0} s per case assumed");

    public double Seconds(PlannedCase plannedCase) => Estimate(plannedCase).Seconds;

    public CaseEstimate Estimate(PlannedCase plannedCase) => Estimate(CaseWork.Of(plannedCase, Protocol));

    public CaseEstimate Estimate(CaseWork work)
    {
        var speed = SpeedOf(work.Configuration);
        // The guard's reference is torch-cpu; where it was not calibrated, the case's own speed is the nearer guess.
        var reference = _speeds.GetValueOrDefault(ServingConfiguration.TorchCpu.ShortName) ?? speed;
        double newTokens = work.NewTokens, promptTokens = work.Prompts.MeanTokens;
        int groups = (work.Prompts.Count + work.BatchSize - 1) / work.BatchSize;
        double rows = (double)work.Prompts.Count / groups;

        double Generation(ServingSpeed s, double batchRows) =>
            s.ForwardSeconds(work, batchRows * promptTokens) + (newTokens - 1) * s.ForwardSeconds(work, batchRows);

        double pass = groups * Generation(speed, rows);
        // The setup generates the warm-up prompt and the guard's prompts; the guard's reference (torch-cpu) loads the
        // model once more in the host and generates them again, unless the case is the reference itself.
        int guard = work.Protocol.GuardPrompts;
        double setup = (1 + guard) * Generation(speed, 1);
        if (guard > 0 && work.Configuration != ServingConfiguration.TorchCpu)
            setup += reference.LoadSeconds(work) + guard * Generation(reference, 1);
        string basis = speed.MeasuredFor(work) is { } measured ? $"timed here ({measured.Model})" : FromSizeBasis;
        return new CaseEstimate(BuildSeconds, speed.LoadSeconds(work), setup, pass, work.Protocol.Passes,
            2 * work.Protocol.Idle.TotalSeconds, basis);
    }

    /// <summary>The cases with their <see cref="PlannedCase.EstimateSeconds"/> filled in.</summary>
    public IReadOnlyList<PlannedCase> Apply(IReadOnlyList<PlannedCase> cases) =>
        cases.Select(c => c with { EstimateSeconds = Seconds(c) }).ToList();

    private ServingSpeed SpeedOf(ServingConfiguration configuration) =>
        _speeds.TryGetValue(configuration.ShortName, out var speed) ? speed : ServingSpeed.ModelSizeDefaults;
}
