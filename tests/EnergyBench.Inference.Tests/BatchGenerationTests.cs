using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Models;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// Left-padded batches against the same prompts one at a time, on every engine here and every architecture's test
/// model: the prompts (4, 8, 1 and 11 tokens) differ in length, so all but the longest of a batch are padded, and
/// every row must generate its batch-1 tokens.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class BatchGenerationTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    private const int NewTokens = 12;

    public static TheoryData<string, string, int> PresetsEnginesAndSizes
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            foreach (string preset in ArchitectureModelsFixture.Presets)
                foreach (string configuration in ArchitectureModelsFixture.Configurations)
                    foreach (int size in new[] { 2, 4 })
                        data.Add(preset, configuration, size);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PresetsEnginesAndSizes))]
    public void A_padded_batch_generates_the_tokens_of_batch_1(string preset, string configuration, int size)
    {
        using var engine = models.Engine(preset, configuration);
        CheckAgainstBatch1(engine, size, $"{preset} {configuration} batch {size}");
    }

    /// <summary>The older Optimum layouts (fused and rank-3 caches, positions from the mask, a merged decoder) take a batch too.</summary>
    [Theory]
    [InlineData("gpt_bigcode-test", "fused")]
    [InlineData("llama-test", "fused")]
    [InlineData("gemma-test", "bloom")]
    [InlineData("bloom-test", "position-ids")]
    [InlineData("llama-test", "no-position-ids")]
    [InlineData("codeparrot-test", "no-position-ids")]
    [InlineData("phi-test", "no-position-ids")]
    [InlineData("gpt2-test", "merged")]
    [InlineData("bloom-test", "merged+bloom")]
    [InlineData("gpt_bigcode-test", "merged+fused+no-position-ids")]
    public void Onnx_export_variants_batch_like_batch_1(string preset, string variant)
    {
        using var directory = new TempDirectory();
        var model = OnnxExportVariantTests.ExportVariant(models.Model(preset), variant, directory);
        using var engine = EngineFactory.Create(ServingConfiguration.OnnxCpu, model, new EngineOptions(1));
        CheckAgainstBatch1(engine, 4, $"{preset} {variant}");
    }

    /// <summary>At the end of the context every row stops where the longest prompt must: a prefix of its batch-1 tokens.</summary>
    [Fact]
    public void The_longest_prompt_bounds_every_rows_new_tokens()
    {
        using var engine = models.Engine("gpt2-test", "torch-cpu");
        int[] shorter = TestModelFixture.Prompts[0], longest = TestModelFixture.Prompts[3];
        int room = engine.MaxPositions - longest.Length, asked = engine.MaxPositions - shorter.Length;
        var batched = GreedyGenerator.GenerateBatch(engine, [shorter, longest], asked);
        Assert.Equal(room, batched[0].Length);
        Assert.Equal(room, batched[1].Length);
        Assert.Equal(GreedyGenerator.Generate(engine, shorter, asked).Take(room), batched[0]);
        Assert.Equal(GreedyGenerator.Generate(engine, longest, asked), batched[1]);
    }

    [Fact]
    public void Openvino_refuses_a_batch_with_its_reason_and_batch_1_stays_open()
    {
        var openVino = ServingConfiguration.Parse("ov-cpu");
        Assert.Equal("batch size 4 is not implemented for OpenVINO here (its session decodes one sequence per request); use batch size 1",
            ConfigurationAvailability.CheckBatchSize(openVino, 4));
        Assert.Null(ConfigurationAvailability.CheckBatchSize(openVino, 1));
        Assert.Null(ConfigurationAvailability.CheckBatchSize(ServingConfiguration.OnnxCpu, 16));
    }

    /// <summary>
    /// Tokens equal to batch 1 row for row, and the prompt step's logits of each row close to its batch-1 logits (a
    /// mask or position error shows there even where the greedy token survives it).
    /// </summary>
    private void CheckAgainstBatch1(IDecoderEngine engine, int size, string name)
    {
        var prompts = TestModelFixture.Prompts;
        double worst = 0;
        for (int first = 0; first < prompts.Length; first += size)
        {
            var group = prompts.Skip(first).Take(size).ToArray();
            var batched = GreedyGenerator.GenerateBatch(engine, group, NewTokens);
            Assert.Equal(group.Length, batched.Length);
            for (int row = 0; row < group.Length; row++)
                Assert.True(GreedyGenerator.Generate(engine, group[row], NewTokens).SequenceEqual(batched[row]),
                    $"{name}: prompt {first + row} of {group[row].Length} tokens, batch 1 [{string.Join(",", GreedyGenerator.Generate(engine, group[row], NewTokens))}], batched [{string.Join(",", batched[row])}]");
            worst = Math.Max(worst, PromptLogitDifference(engine, group));
        }
        output.WriteLine($"{name}: largest prompt-step logit difference {worst:G3} of the largest logit");
        Assert.True(worst < 1e-4, $"{name}: prompt-step logits differ from batch 1 by {worst:G3} of the largest logit");
    }

    /// <summary>The largest difference, relative to the largest logit, between each row's batched and alone prompt logits.</summary>
    private static double PromptLogitDifference(IDecoderEngine engine, int[][] group)
    {
        int longest = group.Max(p => p.Length), vocab = engine.VocabSize;
        var ids = new int[group.Length * longest];
        var attended = new bool[ids.Length];
        for (int row = 0; row < group.Length; row++)
        {
            int padding = longest - group[row].Length;
            group[row].CopyTo(ids, row * longest + padding);
            attended.AsSpan(row * longest + padding, group[row].Length).Fill(true);
        }
        using var batch = engine.StartBatch(group.Length);
        float[] batched = batch.Step(ids, attended).ToArray();
        double worst = 0;
        for (int row = 0; row < group.Length; row++)
        {
            using var alone = engine.StartSession();
            var expected = alone.Step(group[row]);
            var actual = batched.AsSpan(row * vocab, vocab);
            double difference = 0, scale = 0;
            for (int i = 0; i < vocab; i++)
            {
                difference = Math.Max(difference, Math.Abs((double)expected[i] - actual[i]));
                scale = Math.Max(scale, Math.Abs((double)expected[i]));
            }
            worst = Math.Max(worst, difference / Math.Max(1, scale));
        }
        return worst;
    }
}
