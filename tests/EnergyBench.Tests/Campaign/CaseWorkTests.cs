using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using EnergyBench.Inference.Engines;
using EnergyBench.Models.Serving;
using static EnergyBench.Tests.Campaign.EstimateFixtures;

namespace EnergyBench.Tests.Campaign;

public sealed class CaseWorkTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadsTheCaseParametersAndThePromptSet()
    {
        string prompts = PromptSetFile(_directory, count: 7, tokens: 12);

        var work = CaseWork.Of(Case(3, "onnx-cpu", "pythia-410m", prompts, ("MaxNewTokens", "16"), ("BatchSize", "4"), ("Precision", "fp16")),
            CaseProtocol.Default);

        Assert.Equal(ServingConfiguration.OnnxCpu, work.Configuration);
        Assert.Equal(405_334_016, work.Parameters);
        Assert.Equal(405_334_016 * 2.0, work.WeightBytes);
        Assert.Equal(Precision.Fp16, work.Precision);
        Assert.Equal(new PromptWorkload(7, 12), work.Prompts);
        Assert.Equal(16, work.NewTokens);
        Assert.Equal(4, work.BatchSize);
        Assert.Equal(12, work.Protocol.Passes); // 1 warm-up, 10 iterations, the memory pass
    }

    [Fact]
    public void PrefillCasesGenerateOneToken()
    {
        string prompts = PromptSetFile(_directory, count: 2, tokens: 10);

        var work = CaseWork.Of(Case(0, "torch-cpu", "gpt2-tiny", prompts, ("Method", "Prefill")), CaseProtocol.Default);

        Assert.Equal(1, work.NewTokens);
        Assert.Equal(3, work.MaxNewTokens);
    }

    [Fact]
    public void MissingParametersTakeTheBenchmarkDefaults()
    {
        var plannedCase = new PlannedCase(0, "key", "OnnxCpu", "onnx-cpu", "gpt2-tiny", new Dictionary<string, string>(), "onnx-cpu");

        var work = CaseWork.Of(plannedCase, CaseProtocol.Default);

        Assert.Equal(CaseWork.GenerateMethod, work.Method);
        Assert.Equal(32, work.MaxNewTokens);
        Assert.Equal(1, work.BatchSize);
        Assert.Equal(Precision.Fp32, work.Precision);
        Assert.Equal(164, work.Prompts.Count); // the default prompt set, humaneval-autocomplete
    }

    [Theory]
    [InlineData("MaxNewTokens", "0", "case 5 (onnx-cpu (Threads=1)): MaxNewTokens '0' is not a positive integer")]
    [InlineData("Method", "Decode", "case 5 (onnx-cpu (Threads=1)): method 'Decode' is not Generate or Prefill")]
    public void BadParameterIsOneLineNamingTheCase(string name, string value, string message)
    {
        string prompts = PromptSetFile(_directory, count: 2, tokens: 10);

        var error = Assert.Throws<ArgumentException>(() => CaseWork.Of(Case(5, "onnx-cpu", "gpt2-tiny", prompts, (name, value)), CaseProtocol.Default));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void UnknownModelSaysItsSizeIsUnknown()
    {
        string prompts = PromptSetFile(_directory, count: 2, tokens: 10);

        var error = Assert.Throws<ArgumentException>(() => CaseWork.Of(Case(0, "onnx-cpu", "no-such-model", prompts), CaseProtocol.Default));

        Assert.StartsWith("model 'no-such-model': neither a directory, a preset nor a study model", error.Message);
    }
}
