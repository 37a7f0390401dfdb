using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// The ONNX export of every architecture runs in ONNX Runtime, computes what the plain-loop decoder computes, and its
/// KV cache changes nothing: cached steps give the logits and tokens of recomputing from scratch, also when several
/// tokens follow a past.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class OnnxArchitectureTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ArchitectureModelsFixture.PresetData), MemberType = typeof(ArchitectureModelsFixture))]
    public void Logits_match_a_plain_loop_decoder(string preset)
    {
        var reference = new LoopDecoder(models.Model(preset));
        using var engine = Create(preset);
        foreach (var prompt in TestModelFixture.Prompts.Take(2).Append([.. TestModelFixture.Prompts[3], .. TestModelFixture.Prompts[1]]))
        {
            using var session = engine.StartSession();
            float[] actual = session.Step(prompt).ToArray();
            AssertClose($"{preset} vs the loop decoder, {prompt.Length} tokens", [.. reference.LastLogits(prompt).Select(v => (float)v)], actual);
        }
    }

    [Theory]
    [MemberData(nameof(ArchitectureModelsFixture.PresetData), MemberType = typeof(ArchitectureModelsFixture))]
    public void Cached_generation_equals_recomputing_from_scratch(string preset)
    {
        using var engine = Create(preset);
        foreach (var prompt in TestModelFixture.Prompts)
            Assert.Equal(GreedyGenerator.GenerateWithoutCache(engine, prompt, 12), GreedyGenerator.Generate(engine, prompt, 12));
    }

    [Theory]
    [MemberData(nameof(ArchitectureModelsFixture.PresetData), MemberType = typeof(ArchitectureModelsFixture))]
    public void Cached_logits_match_uncached_logits(string preset)
    {
        using var engine = Create(preset);
        int[] prompt = TestModelFixture.Prompts[1];
        int[] sequence = [.. prompt, 42, 7, 99, 1000, 5];
        using var cached = engine.StartSession();
        float[] last = cached.Step(prompt).ToArray();
        for (int i = prompt.Length; i < sequence.Length; i++)
            last = cached.Step(sequence.AsSpan(i, 1)).ToArray();
        AssertClose(preset, Uncached(engine, sequence), last);
        Assert.Equal(sequence.Length, cached.Length);
    }

    [Theory]
    [MemberData(nameof(ArchitectureModelsFixture.PresetData), MemberType = typeof(ArchitectureModelsFixture))]
    public void Several_tokens_after_a_past_see_the_causal_mask(string preset)
    {
        using var engine = Create(preset);
        int[] prompt = TestModelFixture.Prompts[0];
        int[] sequence = [.. prompt, 42, 7, 99];
        using var cached = engine.StartSession();
        cached.Step(prompt);
        AssertClose(preset, Uncached(engine, sequence), cached.Step(sequence.AsSpan(prompt.Length)).ToArray());
    }

    private IDecoderEngine Create(string preset) =>
        EngineFactory.Create(ServingConfiguration.OnnxCpu, models.Model(preset), new EngineOptions(1));

    private static float[] Uncached(IDecoderEngine engine, int[] sequence)
    {
        using var session = engine.StartSession();
        return session.Step(sequence).ToArray();
    }

    private void AssertClose(string preset, float[] expected, float[] actual)
    {
        double difference = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        double scale = expected.Max(v => Math.Abs((double)v));
        output.WriteLine($"{preset}: max difference {difference:G3} (largest logit {scale:G3})");
        Assert.True(difference < 1e-4 * Math.Max(1, scale), $"{preset}: difference {difference} at logit scale {scale}");
    }
}
