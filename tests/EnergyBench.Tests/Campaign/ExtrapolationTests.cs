using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using EnergyBench.Models.Registry;
using static EnergyBench.Tests.Campaign.EstimateFixtures;

namespace EnergyBench.Tests.Campaign;

/// <summary>A larger model is never estimated faster, however noisy the reference timings are.</summary>
public sealed class ExtrapolationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<double, double, double, double> ReferenceTimings => new()
    {
        // load and step of a 10 M and a 110 M reference: rising, flat, and falling (the small one slowed by noise)
        { 1, 0.01, 3, 0.06 },
        { 2, 0.03, 2, 0.03 },
        { 5, 0.09, 3, 0.06 },
    };

    [Theory]
    [MemberData(nameof(ReferenceTimings))]
    public void EstimatesRiseWithParameters(double smallLoad, double smallStep, double largeLoad, double largeStep)
    {
        var calibration = Calibration(new ConfigurationCalibration("onnx-cpu", 1,
            [Timing("gpt2-tiny", 10_000_000, smallLoad, smallStep), Timing("tiny_starcoder_py-synthetic", 110_000_000, largeLoad, largeStep)]));
        var estimator = CaseEstimator.FromCalibration(calibration, CaseProtocol.Default);
        string prompts = PromptSetFile(_directory, count: 3, tokens: 12);

        // The study's models other than the one timed, smallest first.
        var estimates = ModelRegistry.All.Where(m => m.Name != "tiny_starcoder_py").OrderBy(m => m.Parameters)
            .Select(m => estimator.Estimate(Case(0, "onnx-cpu", m.Name, prompts))).ToList();

        Assert.All(estimates, e => Assert.Equal(CaseEstimator.FromSizeBasis, e.Basis));
        for (int i = 1; i < estimates.Count; i++)
        {
            Assert.True(estimates[i].Seconds >= estimates[i - 1].Seconds, $"model {i} estimated faster than model {i - 1}");
            Assert.True(estimates[i].Load >= estimates[i - 1].Load);
        }
        Assert.True(estimates[^1].Pass > estimates[0].Pass);
    }

    [Fact]
    public void FallingTimingsGiveTheDefaultShapeThroughTheLargestReference()
    {
        var line = SizeLine.Fit([(40e6, 0.09), (440e6, 0.06)], ServingSpeed.ModelSizeDefaults.Step);

        Assert.True(line.Slope > 0);
        Assert.Equal(0.06, line.At(440e6), 12);
        Assert.Equal(ServingSpeed.ModelSizeDefaults.Step.Intercept / ServingSpeed.ModelSizeDefaults.Step.Slope, line.Intercept / line.Slope, 3);
    }

    [Fact]
    public void NegativeOverheadIsFittedThroughZero()
    {
        var line = SizeLine.Fit([(40e6, 0.001), (440e6, 0.06)], ServingSpeed.ModelSizeDefaults.Step);

        Assert.Equal(0, line.Intercept);
        Assert.True(line.Slope > 0);
    }
}
