using EnergyBench.Inference.Generation;

namespace EnergyBench.Inference.Tests;

/// <summary>The phases the generator reports per prompt and per batch: ordered timestamps, the prompt's real tokens, the decode steps' tokens.</summary>
[Collection(ArchitectureModelsCollection.Name)]
public class PromptPhasesTests(ArchitectureModelsFixture models)
{
    private sealed class Collected : IPhaseObserver
    {
        public List<PromptPhases> Phases { get; } = [];
        public void Observe(in PromptPhases phases) => Phases.Add(phases);
    }

    [Theory]
    [InlineData("onnx-cpu")]
    [InlineData("torch-cpu")]
    public void Each_prompt_reports_its_prefill_then_decode_with_their_tokens(string configuration)
    {
        using var engine = models.Engine("gpt2-test", configuration);
        var observer = new Collected();
        var prompts = TestModelFixture.Prompts;
        var untimed = prompts.Select(p => GreedyGenerator.Generate(engine, p, 6)).ToList();
        var timed = prompts.Select(p => GreedyGenerator.Generate(engine, p, 6, phases: observer)).ToList();

        Assert.Equal(untimed, timed); // the observer changes nothing generated
        Assert.Equal(prompts.Length, observer.Phases.Count);
        for (int i = 0; i < prompts.Length; i++)
        {
            var phases = observer.Phases[i];
            Assert.True(phases.Start < phases.FirstToken && phases.FirstToken < phases.Stop, $"prompt {i}: {phases}");
            Assert.Equal(prompts[i].Length, phases.PromptTokens);
            Assert.Equal(5, phases.DecodeTokens);
        }
        Assert.True(observer.Phases.Zip(observer.Phases.Skip(1)).All(pair => pair.First.Stop <= pair.Second.Start));
    }

    [Fact]
    public void A_batch_reports_its_rows_real_prompt_tokens_and_every_rows_decode_tokens()
    {
        using var engine = models.Engine("gpt2-test", "onnx-cpu");
        var observer = new Collected();
        var group = TestModelFixture.Prompts.Take(3).ToArray();
        var rows = GreedyGenerator.GenerateBatch(engine, group, 4, phases: observer);

        var phases = Assert.Single(observer.Phases);
        Assert.Equal(group.Sum(p => p.Length), phases.PromptTokens); // padding is not prompt
        Assert.Equal(rows.Sum(r => r.Length - 1), phases.DecodeTokens);
        Assert.True(phases.Start < phases.FirstToken && phases.FirstToken < phases.Stop);
    }

    [Fact]
    public void One_new_token_is_all_prefill()
    {
        using var engine = models.Engine("gpt2-test", "onnx-cpu");
        var observer = new Collected();
        GreedyGenerator.Generate(engine, TestModelFixture.Prompts[0], 1, phases: observer);
        var phases = Assert.Single(observer.Phases);
        Assert.Equal(0, phases.DecodeTokens);
        Assert.True(phases.Start < phases.FirstToken && phases.FirstToken <= phases.Stop);
    }
}
