using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Models.Architectures;

namespace EnergyBench.Analysis.Tests;

/// <summary>The roofline's arithmetic on shapes worked out by hand, and its table from a small run directory written here.</summary>
public sealed class RooflineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "energybench-roofline-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>GPT-2 small: 124,439,808 parameters as Hugging Face counts them (the head tied to the embedding).</summary>
    private static readonly ArchitectureConfig Gpt2Small = new()
    {
        ModelType = "gpt2", Layers = 12, Hidden = 768, Heads = 12, KvHeads = 12, HeadDim = 64, Inner = 3072, VocabSize = 50257,
        MaxPositions = 1024, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5, Positions = PositionKind.Learned, Activation = Activation.GeluTanh,
        TiedHead = true, QkvBias = true, OutputBias = true, MlpBias = true,
    };

    /// <summary>
    /// Two layers, hidden 8, 2 query heads sharing 1 KV head of 4 dims, MLP 16, vocab 10, rotary, RMSNorm, no biases, an
    /// untied head. Per layer: norms 8 + 8, qkv (8 + 4 + 4) x 8 = 128, o 64, up 128, down 128 = 464; with the
    /// embedding 80, the final norm 8 and the head 80: 1,096 parameters.
    /// </summary>
    private static readonly ArchitectureConfig TinyMultiQuery = new()
    {
        ModelType = "llama", Layers = 2, Hidden = 8, Heads = 2, KvHeads = 1, HeadDim = 4, Inner = 16, VocabSize = 10, MaxPositions = 32,
        Norm = NormKind.RmsNorm, NormEpsilon = 1e-5, Positions = PositionKind.Rotary, RotaryDims = 4, Activation = Activation.Silu, TiedHead = false,
    };

    [Fact]
    public void Gpt2_small_decode_reads_every_weight_but_the_position_table_and_73728_kv_bytes_a_position()
    {
        var cost = ModelCost.Of(Gpt2Small);

        Assert.Equal(124_439_808, Gpt2Small.ParameterCount);
        // All but the 1024 x 768 = 786,432 position table, of which one row of 768 is read.
        Assert.Equal(124_439_808 - 786_432 + 768, cost.WeightsReadPerToken);
        Assert.Equal(494_616_576, cost.WeightBytesPerToken);
        // 2 (key, value) x 12 layers x 768 x 4 bytes.
        Assert.Equal(73_728, cost.KvBytesPerPosition);
        // 100 positions cached: 494,616,576 + 7,372,800 bytes; at 50 GB/s that is 99.604 tokens/s.
        Assert.Equal(501_989_376, cost.DecodeBytes(100));
        var workload = new GenerationWorkload([84], 32); // mean decode context 84 + 16 = 100
        Assert.Equal(50e9 / 501_989_376, workload.DecodeTokensPerSecondBound(cost, 50e9), 9);
    }

    [Fact]
    public void Gpt2_small_prefill_counts_the_head_once_and_causal_attention()
    {
        // 10 tokens: 2 x (123,653,376 - 38,597,376 head) x 10 = 1,701,120,000; the head at the last position
        // 2 x 38,597,376 = 77,194,752; attention 2 x (12 x 768) x 10 x 11 = 2,027,520.
        Assert.Equal(1_780_342_272, ModelCost.Of(Gpt2Small).PrefillFlops(10));
    }

    [Fact]
    public void An_untied_multi_query_model_reads_its_head_and_one_embedding_row()
    {
        var cost = ModelCost.Of(TinyMultiQuery);

        Assert.Equal(1_096, TinyMultiQuery.ParameterCount);
        Assert.Equal(1_096 - 80 + 8, cost.WeightsReadPerToken);
        Assert.Equal(4_096, cost.WeightBytesPerToken);
        Assert.Equal(2 * 2 * 4 * 4, cost.KvBytesPerPosition); // one KV head of 4 dims, 2 layers
        // 3 tokens: 2 x (1,016 - 80) x 3 + 2 x 80 + 2 x 16 x 3 x 4.
        Assert.Equal(5_616 + 160 + 384, cost.PrefillFlops(3));
    }

    [Fact]
    public void A_workload_bounds_decode_at_its_mean_context_and_generation_by_its_prefills_and_steps()
    {
        var cost = ModelCost.Of(TinyMultiQuery);
        var workload = new GenerationWorkload([10, 20], 4);

        Assert.Equal(8, workload.GeneratedTokens);
        Assert.Equal(6, workload.DecodeSteps);
        // Steps attend to 11, 12, 13 and 21, 22, 23 positions.
        Assert.Equal(17, workload.AverageDecodeContext, 12);
        // 4,096 + 64 x 17 = 5,184 bytes a step.
        Assert.Equal(1000, workload.DecodeTokensPerSecondBound(cost, 5_184_000), 9);
        // Prefills: 22,400 + 51,040 FLOPs; steps: 3 x 4,096 + 64 x 36 = 14,592 and 3 x 4,096 + 64 x 66 = 16,512 bytes.
        Assert.Equal(0.07344 + 0.031104, workload.GenerationSecondsBound(cost, 1e6, 1e6), 12);
        Assert.Equal(8 / (0.07344 + 0.031104), workload.GenerationTokensPerSecondBound(cost, 1e6, 1e6), 9);
    }

    [Fact]
    public void The_table_places_each_case_median_tokens_per_second_against_the_bounds()
    {
        WriteRun();
        var samples = SamplesReader.Read(SamplesReader.Find(_directory));
        var settings = RunPromptSettings.Read(_directory);
        var limits = new MachineLimits(5_184_000, 1e6, "test bandwidth", "test matmul");
        var models = settings.ToDictionary(s => s.Key, s => new ModelWorkload(ModelCost.Of(TinyMultiQuery), new GenerationWorkload([10, 20], s.Value.MaxNewTokens)));

        var rows = RooflineTable.Of(samples, models, limits);

        Assert.Equal(new PromptSettings("/prompts/p2.jsonl", 4), settings["tiny"]);
        Assert.Equal(["torch-cpu", "onnx-cpu"], rows.Select(r => r.Configuration)); // the suite's order, not the file's
        var onnx = rows[1];
        // 100 tokens in 2, 4 and 1 s: 50, 25 and 100 tokens/s, median 50; the decode bound is 1,000 tokens/s.
        Assert.Equal(50, onnx.TokensPerSecond, 12);
        Assert.Equal(3, onnx.Iterations);
        Assert.Equal(0.05, onnx.DecodeShare, 12);
        // Prefills 0.07344 s at 1 MFLOP/s, steps 31,104 bytes at 5.184 MB/s = 0.006 s: 8 tokens in 0.07944 s.
        Assert.Equal(8 / 0.07944, onnx.GenerationBound, 9);
        Assert.Equal(10, rows[0].TokensPerSecond, 12);

        string markdown = RooflineTable.Markdown(rows, limits);
        Assert.Contains("Read bandwidth 0.0 GB/s (test bandwidth); fp32 matmul 0.0 GFLOP/s (test matmul)", markdown);
        Assert.Contains("| onnx-cpu | tiny | 0.0 | 17.0 | 50.0 | 1000.0 | 5 % | 100.7 | 50 % |", markdown);
        Assert.DoesNotContain("above 100 %", markdown);
        // Measured with a twentieth of that bandwidth, onnx-cpu's 50 tokens/s sit at 100 %, torch-cpu's at 20 %; at a
        // thirtieth onnx-cpu is over the bound, which the table says cannot be the run's own bandwidth.
        Assert.DoesNotContain("above 100 %", RooflineTable.Markdown(RooflineTable.Of(samples, models, limits with { BytesPerSecond = 5_184_000 / 20.0 }), limits));
        Assert.Contains("A share above 100 % means this measurement found less bandwidth than the run had",
            RooflineTable.Markdown(RooflineTable.Of(samples, models, limits with { BytesPerSecond = 5_184_000 / 30.0 }), limits));
    }

    [Fact]
    public void A_case_without_token_counts_is_named()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "results"));
        File.WriteAllLines(Path.Combine(_directory, "results", "X-samples.csv"), [SamplesReader.Header, "tiny,onnx-cpu,1,time_s,2,s,clock"]);
        var models = new Dictionary<string, ModelWorkload> { ["tiny"] = new(ModelCost.Of(TinyMultiQuery), new GenerationWorkload([10], 4)) };

        var error = Assert.Throws<SamplesFormatException>(() =>
            RooflineTable.Of(SamplesReader.Read(SamplesReader.Find(_directory)), models, new MachineLimits(1, 1, "", "")));

        Assert.StartsWith("onnx-cpu on tiny: no iteration with both tokens and time_s", error.Message);
    }

    private void WriteRun()
    {
        string results = Path.Combine(_directory, "results");
        Directory.CreateDirectory(results);
        File.WriteAllLines(Path.Combine(results, "EnergyBench.Benchmarks.OnnxCpu-samples.csv"),
        [
            SamplesReader.Header,
            "tiny,onnx-cpu,1,time_s,2,s,clock", "tiny,onnx-cpu,1,tokens,100,tokens,count",
            "tiny,onnx-cpu,2,time_s,4,s,clock", "tiny,onnx-cpu,2,tokens,100,tokens,count",
            "tiny,onnx-cpu,3,time_s,1,s,clock", "tiny,onnx-cpu,3,tokens,100,tokens,count",
        ]);
        File.WriteAllLines(Path.Combine(results, "EnergyBench.Benchmarks.TorchCpu-samples.csv"),
            [SamplesReader.Header, "tiny,torch-cpu,1,time_s,10,s,clock", "tiny,torch-cpu,1,tokens,100,tokens,count"]);
        File.WriteAllText(Path.Combine(results, "EnergyBench.Benchmarks.OnnxCpu-report-full.json"),
            """{"Benchmarks":[{"Type":"OnnxCpu","Parameters":"Model=/models/tiny&Prompts=/prompts/p2.jsonl&MaxNewTokens=4&Precision=fp32&Threads=2"}]}""");
    }
}
