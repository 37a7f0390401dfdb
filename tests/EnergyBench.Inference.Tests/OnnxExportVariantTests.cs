using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Models;
using EnergyBench.Models.Onnx;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// The layouts of older Optimum exports (fused or rank-3 caches, no position_ids, a merged decoder with
/// use_cache_branch), written from the test presets, run in ONNX Runtime step for step like the standard export.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class OnnxExportVariantTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    /// <summary>"fused", "bloom", "no-position-ids", "merged" or several joined by '+'.</summary>
    public static OnnxExportOptions Options(string variant) => variant.Split('+').Aggregate(OnnxExportOptions.Default, (options, part) => part switch
    {
        "fused" => options with { Cache = KvCacheFormat.FusedKeyValue },
        "bloom" => options with { Cache = KvCacheFormat.BloomRank3 },
        "no-position-ids" => options with { PositionIds = false },
        "position-ids" => options with { PositionIds = true },
        "merged" => options with { MergedCacheBranch = true },
        _ => throw new ArgumentException($"unknown variant {part}"),
    });

    /// <summary>A copy of <paramref name="source"/>'s config and weights with only the variant's export, where Optimum would put it.</summary>
    public static ModelDirectory ExportVariant(ModelDirectory source, string variant, TempDirectory directory)
    {
        foreach (string file in new[] { "config.json", "model.safetensors" })
            File.Copy(Path.Combine(source.Path, file), directory.File(file));
        var copy = new ModelDirectory(directory.Path, $"{source.Name} {variant}");
        var options = Options(variant);
        using var checkpoint = copy.OpenCheckpoint();
        DecoderOnnxExporter.Export(checkpoint, options.MergedCacheBranch ? copy.MergedOnnxPath : copy.OnnxPath, options: options);
        return copy;
    }

    [Theory]
    [InlineData("gpt_bigcode-test", "fused", "model.onnx: fused key_value cache, rank 3; position_ids")]
    [InlineData("gpt2-test", "fused", "model.onnx: fused key_value cache, rank 4; position_ids")]
    [InlineData("llama-test", "fused", "model.onnx: fused key_value cache, rank 4; position_ids")]
    [InlineData("bloom-test", "bloom", "model.onnx: rank-3 key/value cache (bloom); positions from the attention mask")]
    [InlineData("gemma-test", "bloom", "model.onnx: rank-3 key/value cache (bloom); position_ids")]
    [InlineData("llama-test", "no-position-ids", "model.onnx: key/value cache; positions from the attention mask")]
    [InlineData("gpt_neox-test", "no-position-ids", "model.onnx: key/value cache; positions from the attention mask")]
    [InlineData("phi-test", "no-position-ids", "model.onnx: key/value cache; positions from the attention mask")]
    [InlineData("gemma-test", "no-position-ids", "model.onnx: key/value cache; positions from the attention mask")]
    [InlineData("codeparrot-test", "no-position-ids", "model.onnx: key/value cache; positions from the attention mask")]
    [InlineData("bloom-test", "position-ids", "model.onnx: key/value cache; position_ids")]
    [InlineData("gpt2-test", "merged", "decoder_model_merged.onnx: key/value cache; merged with use_cache_branch; position_ids")]
    [InlineData("llama-test", "merged+no-position-ids", "decoder_model_merged.onnx: key/value cache; merged with use_cache_branch; positions from the attention mask")]
    [InlineData("gpt_bigcode-test", "merged+fused+no-position-ids", "decoder_model_merged.onnx: fused key_value cache, rank 3; merged with use_cache_branch; positions from the attention mask")]
    [InlineData("bloom-test", "merged+bloom", "decoder_model_merged.onnx: rank-3 key/value cache (bloom); merged with use_cache_branch; positions from the attention mask")]
    public void A_variant_gives_the_logits_and_tokens_of_the_standard_export(string preset, string variant, string layout)
    {
        using var directory = new TempDirectory();
        var model = ExportVariant(models.Model(preset), variant, directory);
        using var standard = EngineFactory.Create(ServingConfiguration.OnnxCpu, models.Model(preset), new EngineOptions(1));
        using var exported = EngineFactory.Create(ServingConfiguration.OnnxCpu, model, new EngineOptions(1));
        Assert.Equal(layout, exported.Settings["onnx_model"]);

        // The prompt, single greedy tokens over a growing past, then several tokens at once after it.
        using var expected = standard.StartSession();
        using var actual = exported.StartSession();
        int[] prompt = TestModelFixture.Prompts[1];
        float[] logits = expected.Step(prompt).ToArray();
        double worst = Compare(logits, actual.Step(prompt));
        for (int i = 0; i < 6; i++)
        {
            int[] token = [GreedyGenerator.ArgMax(logits)];
            logits = expected.Step(token).ToArray();
            worst = Math.Max(worst, Compare(logits, actual.Step(token)));
        }
        int[] several = [42, 7, 99];
        worst = Math.Max(worst, Compare(expected.Step(several), actual.Step(several)));
        Assert.Equal(expected.Length, actual.Length);
        output.WriteLine($"{preset} {variant}: largest logit difference {worst:G3} of the largest logit");

        foreach (var other in TestModelFixture.Prompts)
            Assert.Equal(GreedyGenerator.Generate(standard, other, 12), GreedyGenerator.Generate(exported, other, 12));
    }

    private static double Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double difference = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs((double)expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        double relative = difference / Math.Max(1, scale);
        Assert.True(relative < 1e-4, $"logits differ by {difference} at logit scale {scale}");
        return relative;
    }
}
