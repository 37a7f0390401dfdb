using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models.Serving;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models;

namespace EnergyBench.Tests.Campaign;

/// <summary>A real calibration, kept tiny: gpt2-tiny in onnx-cpu, 2 prompts of 4 tokens.</summary>
public sealed class CalibrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Gpt2TinyOnOnnxCpuGivesPositiveFiniteTimes()
    {
        var preset = ModelPreset.Get("gpt2-tiny");
        string path = _directory.File("gpt2-tiny");
        SyntheticModelBuilder.Build(preset, path);
        var model = new ModelDirectory(path, preset.Name, preset);
        var messages = new List<string>();

        var result = Calibrator.Run([(ServingConfiguration.OnnxCpu, 1)], [model], PromptSet.DefaultName, new CalibrationOptions(Prompts: 2, NewTokens: 4), messages.Add);

        var configuration = Assert.Single(result.Configurations);
        Assert.True(configuration.IsCalibrated, configuration.Unavailable);
        var timing = Assert.Single(configuration.Timings);
        Assert.Equal("gpt2-tiny", timing.ShapeName);
        Assert.Equal(preset.Config.ParameterCount, timing.Parameters);
        foreach (double value in new[] { timing.LoadSeconds, timing.PrefillSeconds, timing.DecodeSecondsPerToken, timing.PromptTokens, result.Seconds })
            Assert.True(double.IsFinite(value) && value > 0, $"{value} is not a positive finite number");
        Assert.Contains(messages, m => m.StartsWith("onnx-cpu gpt2-tiny: load "));
        var speed = ServingSpeed.Fit(configuration);
        Assert.True(speed.Step.Slope > 0 && double.IsFinite(speed.Step.Slope));
    }

    [Fact]
    public void OneNewTokenLeavesNoDecodeStepToTime()
    {
        var error = Assert.Throws<ArgumentException>(() => Calibrator.Time(ServingConfiguration.OnnxCpu,
            new ModelDirectory(_directory.Path, "unused"), 1, PromptSet.DefaultName, new CalibrationOptions(NewTokens: 1)));

        Assert.Contains("no decode step to time", error.Message);
    }
}
