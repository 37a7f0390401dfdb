using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The samples' case labels: the short name, plus the parameters that tell apart cases sharing a model and configuration.</summary>
public class CaseLabelsTests
{
    private static CaseIdentity Case(string model, string configuration, params (string Name, string Value)[] parameters) =>
        new(model, configuration, parameters.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public void Only_parameters_that_differ_within_a_model_and_configuration_enter_the_label()
    {
        var labels = CaseLabels.Label(
        [
            Case("gpt2-tiny", "torch-cpu", ("Precision", "fp32"), ("Threads", "2"), ("Job", "Monitoring")),
            Case("gpt2-tiny", "torch-cpu", ("Precision", "bf16"), ("Threads", "2"), ("Job", "Monitoring")),
            Case("gpt2-tiny", "onnx-cpu", ("Precision", "fp32"), ("Threads", "2"), ("Job", "Monitoring")),
            Case("gpt2-110m", "torch-cpu", ("Precision", "fp32"), ("Threads", "1"), ("Job", "Monitoring")),
            Case("gpt2-tiny", "jit-cpu", ("Precision", "fp32"), ("Threads", "1"), ("Job", "a")),
            Case("gpt2-tiny", "jit-cpu", ("Precision", "fp32"), ("Threads", "2"), ("Job", "b")),
        ]);
        Assert.Equal(
        [
            "torch-cpu (Precision=fp32)", "torch-cpu (Precision=bf16)", "onnx-cpu", "torch-cpu",
            "jit-cpu (Threads=1, Job=a)", "jit-cpu (Threads=2, Job=b)",
        ], labels);
    }
}
