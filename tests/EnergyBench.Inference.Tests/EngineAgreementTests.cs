using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Tokenization;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>The default model, built once, with its prompts tokenized.</summary>
public sealed class DefaultModelFixture : IDisposable
{
    public DefaultModelFixture()
    {
        SyntheticModelBuilder.Build(ModelPreset.Get(ModelPreset.Default), Directory.Path);
        Model = new ModelDirectory(Directory.Path, ModelPreset.Default);
        var tokenizer = ModelTokenizer.Load(Model.Path);
        Prompts = PromptSet.Load(PromptSet.DefaultName).Prompts.Select(p => tokenizer.EncodeToIds(p.Prompt).ToArray()).ToArray();
    }

    public TempDirectory Directory { get; } = new();
    public ModelDirectory Model { get; }
    public int[][] Prompts { get; }

    public void Dispose() => Directory.Dispose();
}

public class EngineAgreementTests(DefaultModelFixture fixture, ITestOutputHelper output) : IClassFixture<DefaultModelFixture>
{
    private IDecoderEngine Create(ServingConfiguration configuration) =>
        EngineFactory.Create(configuration, fixture.Model, new EngineOptions(2));

    [Fact]
    public void Torch_and_onnx_logits_agree_and_the_top2_margin_is_decisive()
    {
        using var torch = Create(ServingConfiguration.TorchCpu);
        using var onnx = Create(ServingConfiguration.OnnxCpu);
        double minMargin = double.MaxValue, maxDifference = 0;
        foreach (var prompt in fixture.Prompts.Take(40))
        {
            using var torchSession = torch.StartSession();
            using var onnxSession = onnx.StartSession();
            var next = prompt;
            for (int step = 0; step < 32; step++)
            {
                float[] a = torchSession.Step(next).ToArray();
                float[] b = onnxSession.Step(next).ToArray();
                maxDifference = Math.Max(maxDifference, a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max());
                minMargin = Math.Min(minMargin, LogitDifference.TopTwoMargin(b));
                int token = GreedyGenerator.ArgMax(b);
                Assert.Equal(GreedyGenerator.ArgMax(a), token);
                next = [token];
            }
        }
        output.WriteLine($"smallest top-2 logit margin {minMargin:G4}, largest |torch - onnx| logit difference {maxDifference:G4}");
        // Decisive: the closest race between the two best tokens is still far wider than the engines' disagreement.
        Assert.True(minMargin > 20 * maxDifference, $"margin {minMargin} vs difference {maxDifference}");
        Assert.True(maxDifference < 1e-2, $"logits differ by {maxDifference}");
    }

    [Theory]
    [InlineData("onnx-cpu")]
    [InlineData("jit-cpu")]
    public void Engines_generate_the_same_tokens_as_torch_for_the_whole_prompt_set(string configuration)
    {
        using var torch = Create(ServingConfiguration.TorchCpu);
        using var other = Create(ServingConfiguration.Parse(configuration));
        for (int i = 0; i < fixture.Prompts.Length; i++)
        {
            var expected = GreedyGenerator.Generate(torch, fixture.Prompts[i], 32);
            var actual = GreedyGenerator.Generate(other, fixture.Prompts[i], 32);
            Assert.True(expected.SequenceEqual(actual), $"prompt {i}: torch [{string.Join(",", expected)}] {configuration} [{string.Join(",", actual)}]");
        }
    }

    [Fact]
    public void Generated_text_is_not_one_repeated_token()
    {
        using var onnx = Create(ServingConfiguration.OnnxCpu);
        var tokens = fixture.Prompts.Take(20).SelectMany(p => GreedyGenerator.Generate(onnx, p, 32)).ToList();
        Assert.True(tokens.Distinct().Count() > 20, $"only {tokens.Distinct().Count()} distinct tokens");
    }
}
