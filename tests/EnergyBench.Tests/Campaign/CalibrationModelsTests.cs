using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models;

namespace EnergyBench.Tests.Campaign;

/// <summary>
/// Which models a calibration times, in a model cache of its own (<c>BENCH_MODELS_DIR</c>, set for the test; the
/// assembly's tests run one at a time): the default preset, built there, and the planned models that are present.
/// </summary>
public sealed class CalibrationModelsTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string? _models = Environment.GetEnvironmentVariable(SuitePaths.ModelsVariable);

    public CalibrationModelsTests() => Environment.SetEnvironmentVariable(SuitePaths.ModelsVariable, _directory.File("cache"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(SuitePaths.ModelsVariable, _models);
        _directory.Dispose();
    }

    [Fact]
    public void DefaultPresetAndPlannedModelsPresentHere()
    {
        string planned = _directory.File("gpt2-test");
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), planned);
        var messages = new List<string>();

        // The twin of codeparrot-small is not built in this cache and the model is not downloaded: not timed, not built.
        var models = CalibrationModels.For([planned, "codeparrot-small", "gpt2-tiny"], CalibrationOptions.Default, messages.Add);

        Assert.Equal(["gpt2-tiny", "gpt2-test"], models.Select(m => m.Name));
        Assert.True(File.Exists(Path.Combine(_directory.File("cache"), "gpt2-tiny", "config.json")));
    }

    [Fact]
    public void ModelAboveTheSizeLimitIsNotTimedAndSaysSo()
    {
        string planned = _directory.File("gpt2-test");
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), planned);
        var messages = new List<string>();

        var models = CalibrationModels.For([planned], CalibrationOptions.Default with { MaxReferenceParameters = 1000 }, messages.Add);

        Assert.Equal(["gpt2-tiny"], models.Select(m => m.Name));
        Assert.Contains(messages, m => m.StartsWith("calibration: gpt2-test is here but not timed"));
    }
}
