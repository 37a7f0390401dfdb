using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using static EnergyBench.Tests.Campaign.EstimateFixtures;

namespace EnergyBench.Tests.Campaign;

/// <summary>
/// Estimates without a calibration depend on the plan alone, so every shard of one command line computes the same
/// partition on whatever machine it starts.
/// </summary>
public sealed class ModelSizeEstimatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FixedConstantsGiveTheSameSecondsEveryTime()
    {
        string prompts = PromptSetFile(_directory, count: 2, tokens: 11);
        var protocol = new CaseProtocol(WarmupCount: 1, IterationCount: 10, Idle: TimeSpan.FromMinutes(5), GuardPrompts: 0);

        double seconds = CaseEstimator.FromModelSize(protocol).Seconds(Case(0, "jit-cpu", "codeparrot-small", prompts));

        // Constants: load 0.5 s + 0.15 GB/s, step 1 ms + 10 GB/s, each further token 10 % of a step; 111,008,256 fp32 parameters.
        double bytes = 111_008_256 * 4.0, step = 1e-3 + bytes / 10e9, load = 0.5 + bytes / 0.15e9;
        double prompt = step * (1 + 10 * 0.1) + 2 * step;
        Assert.Equal(30 + load + prompt + 12 * 2 * prompt + 600, seconds, 9);
    }

    [Fact]
    public void EveryConfigurationAndEveryEstimatorAgree()
    {
        string prompts = PromptSetFile(_directory, count: 5, tokens: 13);
        var cases = new[] { "torch-cpu", "onnx-cpu", "onnx-cuda" }.Select((c, i) => Case(i, c, "phi-2", prompts)).ToList();

        var protocol = CaseProtocol.Default with { GuardPrompts = 0 }; // the guard's reference adds work to all but torch-cpu

        var first = CaseEstimator.FromModelSize(protocol).Apply(cases);
        var second = CaseEstimator.FromModelSize(protocol).Apply(cases);
        var nothingCalibrated = CaseEstimator.FromCalibration(Calibration(), protocol).Apply(cases);

        Assert.Equal(first.Select(c => c.EstimateSeconds), second.Select(c => c.EstimateSeconds));
        Assert.Equal(first.Select(c => c.EstimateSeconds), nothingCalibrated.Select(c => c.EstimateSeconds));
        Assert.Single(first.Select(c => c.EstimateSeconds).Distinct());
    }
}
