using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

public class KvCacheTests(TestModelFixture fixture, ITestOutputHelper output) : IClassFixture<TestModelFixture>
{
    public static TheoryData<string> Configurations => new() { "torch-cpu", "jit-cpu", "onnx-cpu" };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Cached_generation_equals_recomputing_from_scratch(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(2));
        foreach (var prompt in TestModelFixture.Prompts)
            Assert.Equal(GreedyGenerator.GenerateWithoutCache(engine, prompt, 16), GreedyGenerator.Generate(engine, prompt, 16));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Cached_logits_match_uncached_logits(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(2));
        int[] sequence = [.. TestModelFixture.Prompts[1], 42, 7, 99, 1000, 5];
        using var cached = engine.StartSession();
        float[] last = [];
        cached.Step(sequence.AsSpan(0, TestModelFixture.Prompts[1].Length));
        for (int i = TestModelFixture.Prompts[1].Length; i < sequence.Length; i++)
            last = cached.Step(sequence.AsSpan(i, 1)).ToArray();
        using var fresh = engine.StartSession();
        float[] reference = fresh.Step(sequence).ToArray();

        double difference = last.Zip(reference, (a, b) => Math.Abs((double)a - b)).Max();
        double scale = reference.Max(v => Math.Abs((double)v));
        output.WriteLine($"{configuration}: max |cached - uncached| = {difference:G3} (largest logit {scale:G3})");
        Assert.Equal(sequence.Length, cached.Length);
        Assert.True(difference < 1e-4 * Math.Max(1, scale), $"difference {difference}");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Several_tokens_after_a_past_see_the_causal_mask(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(2));
        int[] sequence = [.. TestModelFixture.Prompts[0], 42, 7, 99];
        int prompt = TestModelFixture.Prompts[0].Length;
        using var cached = engine.StartSession();
        cached.Step(sequence.AsSpan(0, prompt));
        float[] last = cached.Step(sequence.AsSpan(prompt)).ToArray();
        using var fresh = engine.StartSession();
        float[] reference = fresh.Step(sequence).ToArray();
        double difference = last.Zip(reference, (a, b) => Math.Abs((double)a - b)).Max();
        Assert.True(difference < 1e-4 * Math.Max(1, reference.Max(v => Math.Abs((double)v))), $"difference {difference}");
    }

    [Fact]
    public void Generation_stops_at_the_models_context()
    {
        using var engine = EngineFactory.Create(ServingConfiguration.OnnxCpu, fixture.Model, new EngineOptions(1));
        int[] prompt = Enumerable.Range(1, engine.MaxPositions - 3).ToArray();
        Assert.Equal(3, GreedyGenerator.Generate(engine, prompt, 32).Length);
        Assert.Throws<ArgumentException>(() => GreedyGenerator.Generate(engine, Enumerable.Range(1, engine.MaxPositions).ToArray(), 1));
    }
}
