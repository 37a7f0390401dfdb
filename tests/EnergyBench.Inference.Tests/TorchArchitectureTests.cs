using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>The TorchSharp eager and TorchScript engines on every architecture's description.</summary>
[Collection(ArchitectureModelsCollection.Name)]
public class TorchArchitectureTests(ArchitectureModelsFixture fixture, ITestOutputHelper output)
{
    private const int NewTokens = 16;

    public static TheoryData<string> Presets => ArchitectureModelsFixture.PresetData;

    public static TheoryData<string, string> PresetsAndEngines
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string preset in ArchitectureModelsFixture.Presets)
            {
                data.Add(preset, "torch-cpu");
                data.Add(preset, "jit-cpu");
            }
            return data;
        }
    }

    private IDecoderEngine Create(string preset, string configuration) =>
        EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model(preset), new EngineOptions(2));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Torch_and_jit_generate_the_same_tokens(string preset)
    {
        using var torch = Create(preset, "torch-cpu");
        using var jit = Create(preset, "jit-cpu");
        foreach (var prompt in TestModelFixture.Prompts)
            Assert.Equal(GreedyGenerator.Generate(torch, prompt, NewTokens), GreedyGenerator.Generate(jit, prompt, NewTokens));
    }

    [Theory]
    [MemberData(nameof(PresetsAndEngines))]
    public void Cached_generation_equals_uncached(string preset, string configuration)
    {
        using var engine = Create(preset, configuration);
        foreach (var prompt in TestModelFixture.Prompts)
            Assert.Equal(GreedyGenerator.GenerateWithoutCache(engine, prompt, NewTokens), GreedyGenerator.Generate(engine, prompt, NewTokens));
    }

    /// <summary>Several new tokens after a past take the one mask path generation does not: causal over a past, per group, with ALiBi.</summary>
    [Theory]
    [MemberData(nameof(PresetsAndEngines))]
    public void Several_tokens_after_a_past_give_the_logits_of_one_pass(string preset, string configuration)
    {
        using var engine = Create(preset, configuration);
        int[] sequence = [.. TestModelFixture.Prompts[1], 42, 7, 99];
        int prompt = TestModelFixture.Prompts[1].Length;
        using var cached = engine.StartSession();
        cached.Step(sequence.AsSpan(0, prompt));
        float[] last = cached.Step(sequence.AsSpan(prompt)).ToArray();
        using var fresh = engine.StartSession();
        float[] reference = fresh.Step(sequence).ToArray();
        double difference = MaxDifference(last, reference), scale = reference.Max(v => Math.Abs((double)v));
        output.WriteLine($"{preset} {configuration}: max |cached - one pass| = {difference:G3} (largest logit {scale:G3})");
        Assert.True(difference < 1e-4 * Math.Max(1, scale), $"difference {difference} at logit scale {scale}");
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Torch_logits_agree_with_onnx(string preset)
    {
        using var torch = Create(preset, "torch-cpu");
        using var onnx = Create(preset, "onnx-cpu");
        double maxDifference = 0, scale = 0;
        foreach (var prompt in TestModelFixture.Prompts)
        {
            using var torchSession = torch.StartSession();
            using var onnxSession = onnx.StartSession();
            var next = prompt;
            for (int step = 0; step < NewTokens; step++)
            {
                float[] expected = onnxSession.Step(next).ToArray();
                float[] actual = torchSession.Step(next).ToArray();
                maxDifference = Math.Max(maxDifference, MaxDifference(actual, expected));
                scale = Math.Max(scale, expected.Max(v => Math.Abs((double)v)));
                next = [GreedyGenerator.ArgMax(expected)];
            }
        }
        output.WriteLine($"{preset}: max |torch - onnx| logit difference {maxDifference:G3} (largest logit {scale:G3})");
        Assert.True(maxDifference < 1e-4 * Math.Max(1, scale), $"difference {maxDifference} at logit scale {scale}");
    }

    /// <summary>bf16 puts the tables (rotary, ALiBi, embedding scale) and masks in the model's dtype; fp32 is the yardstick.</summary>
    [Theory]
    [MemberData(nameof(PresetsAndEngines))]
    public void Bf16_logits_stay_near_fp32(string preset, string configuration)
    {
        using var reduced = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model(preset), new EngineOptions(2, Precision.Bf16));
        using var full = Create(preset, configuration);
        int[] sequence = [.. TestModelFixture.Prompts[1], 42, 7];
        int prompt = TestModelFixture.Prompts[1].Length;
        using var a = reduced.StartSession();
        using var b = full.StartSession();
        a.Step(sequence.AsSpan(0, prompt));
        b.Step(sequence.AsSpan(0, prompt));
        float[] low = a.Step(sequence.AsSpan(prompt)).ToArray();
        float[] high = b.Step(sequence.AsSpan(prompt)).ToArray();
        double difference = MaxDifference(low, high), scale = high.Max(v => Math.Abs((double)v));
        output.WriteLine($"{preset} {configuration} bf16: max |bf16 - fp32| = {difference:G3} at logit scale {scale:G3}");
        Assert.True(difference > 0, "the bf16 logits are bit-identical to fp32: the precision was not applied");
        Assert.True(difference < 0.1 * scale, $"difference {difference} at scale {scale}");
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
