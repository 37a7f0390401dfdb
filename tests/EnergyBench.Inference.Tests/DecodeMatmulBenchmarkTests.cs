using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Models.Architectures;

namespace EnergyBench.Inference.Tests;

public class DecodeMatmulBenchmarkTests
{
    [Fact]
    public void The_shapes_are_a_decode_steps_matmuls()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "config.json");
        // Grouped KV heads (8 query heads of 8 dims, 2 KV heads), a gated MLP, an untied head.
        File.WriteAllText(path, """
            {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 8, "num_key_value_heads": 2,
             "intermediate_size": 172, "num_hidden_layers": 2, "vocab_size": 500, "max_position_embeddings": 128,
             "rms_norm_eps": 1e-6, "tie_word_embeddings": false, "hidden_act": "silu"}
            """);
        var shapes = DecodeMatmulBenchmark.Shapes(Architecture.Load(path));
        // q 8 x 8 = 64 wide, k and v 2 x 8 = 16 each.
        Assert.Equal([("qkv", 96, 64), ("attention output", 64, 64), ("gate, up", 172, 64), ("down", 64, 172), ("head", 500, 64)], shapes);
    }
}
