using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using static EnergyBench.Tests.Campaign.EstimateFixtures;

namespace EnergyBench.Tests.Campaign;

/// <summary>
/// The estimator's arithmetic on a made-up calibration: 4 prompts of 10 tokens, 3 new tokens each, 1 warm-up + 2
/// iterations + the memory pass, 5 s idle windows, a 30 s build. The twin's timing (load 2 s, step 0.1 s, each further
/// token of a forward pass 50 % of a step) stands for its study model.
/// </summary>
public sealed class CaseEstimatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _prompts;
    private static readonly CaseProtocol Protocol = new(WarmupCount: 1, IterationCount: 2, Idle: TimeSpan.FromSeconds(5), GuardPrompts: 0);

    public CaseEstimatorTests() => _prompts = PromptSetFile(_directory, count: 4, tokens: 10);

    public void Dispose() => _directory.Dispose();

    private static ConfigurationCalibration Onnx(params ReferenceTiming[] timings) => new("onnx-cpu", 1, timings);

    private static readonly ReferenceTiming Twin = Timing("codeparrot-small-synthetic", 111_008_256, load: 2, step: 0.1);

    [Fact]
    public void GenerateCaseIsBuildLoadSetupPassesAndIdle()
    {
        var estimator = CaseEstimator.FromCalibration(Calibration(Onnx(Twin)), Protocol);

        var estimate = estimator.Estimate(Case(0, "onnx-cpu", "codeparrot-small", _prompts));

        // A prompt: prefill 0.1 x (1 + 9 x 0.5) = 0.55 s, then 2 decode steps of 0.1 s: 0.75 s; a pass is 4 prompts.
        Assert.Equal(3.0, estimate.Pass, 9);
        Assert.Equal(4, estimate.Passes);
        Assert.Equal(0.75, estimate.Setup, 9); // the setup's warm-up prompt
        Assert.Equal(2, estimate.Load, 9);
        Assert.Equal(10, estimate.Idle, 9);
        Assert.Equal(30 + 2 + 0.75 + 4 * 3.0 + 10, estimate.Seconds, 9);
        Assert.Equal("timed here (codeparrot-small-synthetic)", estimate.Basis);
    }

    [Fact]
    public void GuardAddsItsPromptsAndTheReferenceLoadAndGenerations()
    {
        var torch = new ConfigurationCalibration("torch-cpu", 1, [Timing("codeparrot-small-synthetic", 111_008_256, load: 1, step: 0.2, extraTokenShare: 0.25)]);
        var estimator = CaseEstimator.FromCalibration(Calibration(Onnx(Twin), torch), Protocol with { GuardPrompts = 2 });

        var estimate = estimator.Estimate(Case(0, "onnx-cpu", "codeparrot-small", _prompts));

        // 3 prompts in onnx-cpu (warm-up + 2 guard) at 0.75 s, torch-cpu's load 1 s and its 2 prompts at 0.2 x 3.25 + 2 x 0.2 = 1.05 s.
        Assert.Equal(3 * 0.75 + 1 + 2 * 1.05, estimate.Setup, 9);
        Assert.Equal(30 + 2 + 5.35 + 4 * 3.0 + 10, estimate.Seconds, 9);
    }

    [Fact]
    public void TheReferenceConfigurationHasNoGuardReference()
    {
        var torch = new ConfigurationCalibration("torch-cpu", 1, [Timing("codeparrot-small-synthetic", 111_008_256, load: 1, step: 0.2, extraTokenShare: 0.25)]);
        var estimator = CaseEstimator.FromCalibration(Calibration(torch), Protocol with { GuardPrompts = 2 });

        var estimate = estimator.Estimate(Case(0, "torch-cpu", "codeparrot-small", _prompts));

        Assert.Equal(3 * 1.05, estimate.Setup, 9);
    }

    [Fact]
    public void BatchesPrefillTheirRowsTogetherAndDecodeThemInOneStep()
    {
        var estimator = CaseEstimator.FromCalibration(Calibration(Onnx(Twin)), Protocol);

        var estimate = estimator.Estimate(Case(0, "onnx-cpu", "codeparrot-small", _prompts, ("BatchSize", "2")));

        // 2 groups of 2: prefill of 20 tokens 0.1 x (1 + 19 x 0.5) = 1.05 s, 2 steps of 2 rows 0.1 x 1.5 = 0.15 s each.
        Assert.Equal(2 * (1.05 + 2 * 0.15), estimate.Pass, 9);
    }

    [Fact]
    public void PrefillMethodGeneratesOneTokenPerPrompt()
    {
        var estimator = CaseEstimator.FromCalibration(Calibration(Onnx(Twin)), Protocol);

        var estimate = estimator.Estimate(Case(0, "onnx-cpu", "codeparrot-small", _prompts, ("Method", "Prefill")));

        Assert.Equal(4 * 0.55, estimate.Pass, 9);
    }

    [Fact]
    public void UntimedModelIsEstimatedFromTheLineThroughTheReferences()
    {
        // Steps of 10 ms at 40 MB and 60 ms at 440 MB of fp32 weights: 5 ms + 0.05 s per 400 MB.
        var estimator = CaseEstimator.FromCalibration(
            Calibration(Onnx(Timing("gpt2-tiny", 10_000_000, load: 1, step: 0.01), Timing("codeparrot-small-synthetic", 110_000_000, load: 3, step: 0.06))),
            Protocol);

        var estimate = estimator.Estimate(Case(0, "onnx-cpu", "pythia-410m", _prompts));

        double step = 0.005 + 0.05 / 400e6 * (405_334_016 * 4.0);
        Assert.Equal(4 * (step * 5.5 + 2 * step), estimate.Pass, 9);
        Assert.Equal(CaseEstimator.FromSizeBasis, estimate.Basis);
    }

    [Fact]
    public void ConfigurationNotCalibratedIsEstimatedFromModelSize()
    {
        var calibration = Calibration(Onnx(Twin), new ConfigurationCalibration("ov-cpu", 1, [], Unavailable: "libopenvino_c.so not found"));
        var estimator = CaseEstimator.FromCalibration(calibration, Protocol);
        var plannedCase = Case(0, "ov-cpu", "codeparrot-small", _prompts);

        Assert.Equal(CaseEstimator.FromModelSize(Protocol).Seconds(plannedCase), estimator.Seconds(plannedCase), 9);
        Assert.Equal(CaseEstimator.FromSizeBasis, estimator.Estimate(plannedCase).Basis);
        Assert.Contains("ov-cpu not calibrated", estimator.Source);
    }

    [Fact]
    public void ApplyFillsEachCaseEstimate()
    {
        var estimator = CaseEstimator.FromCalibration(Calibration(Onnx(Twin)), Protocol);
        var cases = new[] { Case(0, "onnx-cpu", "codeparrot-small", _prompts), Case(1, "onnx-cpu", "codeparrot-small", _prompts, ("MaxNewTokens", "5")) };

        var estimated = estimator.Apply(cases);

        Assert.Equal([estimator.Seconds(cases[0]), estimator.Seconds(cases[1])], estimated.Select(c => c.EstimateSeconds));
        Assert.True(estimated[1].EstimateSeconds > estimated[0].EstimateSeconds);
    }
}
