using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Tests;

/// <summary>The tiny synthetic model and a three-prompt set, built once for the tests that share this fixture.</summary>
public sealed class TestModel : IDisposable
{
    public TestModel()
    {
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), ModelPath);
        File.WriteAllLines(PromptsPath, Inference.Prompts.PromptSet.Load(Inference.Prompts.PromptSet.DefaultName).Prompts
            .Take(3).Select(Inference.Prompts.PromptSet.ToLine));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "energybench-app-" + Guid.NewGuid().ToString("N"));
    public string ModelPath => Path.Combine(Root, "gpt2-test");
    public string PromptsPath => Path.Combine(Root, "prompts.jsonl");
    public string ArtifactsPath => Path.Combine(Root, "artifacts");

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
