using EnergyBench.Models.Architectures;
using static EnergyBench.Models.Tests.StudyConfigFiles;

namespace EnergyBench.Models.Tests;

/// <summary>
/// The other spellings a study model's config.json takes when transformers re-saves it: 4.45 adds
/// partial_rotary_factor and rope_theta beside rotary_pct, 5 nests them in rope_parameters, some configs list several
/// EOS ids, and Gemma names its activation under two keys.
/// </summary>
public class ConfigSpellingTests
{
    [Theory]
    // transformers 4.45 writes both spellings
    [InlineData("pythia-410m", """{"partial_rotary_factor": 0.25, "rope_theta": 10000, "attention_bias": true, "rope_scaling": null}""")]
    // transformers 5 nests them
    [InlineData("pythia-410m", """{"rotary_pct": null, "rotary_emb_base": null, "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.25}}""")]
    [InlineData("phi-2", """{"rope_parameters": {"partial_rotary_factor": 0.4, "rope_theta": 10000.0, "rope_type": "default"}, "dtype": "float16"}""")]
    [InlineData("phi-2", """{"partial_rotary_factor": null, "rope_theta": null, "rope_scaling": null, "rope_parameters": {"partial_rotary_factor": 0.4, "rope_theta": 10000.0, "rope_type": "default"}}""")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"rope_theta": null, "rope_scaling": null, "rope_parameters": {"rope_theta": 10000.0, "rope_type": "default"}}""")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"eos_token_id": [2, 32000], "mlp_bias": false, "head_dim": 64}""")]
    // Gemma: hidden_activation null or absent means tanh GELU whatever hidden_act says; codegemma-1.1 names it in both keys
    [InlineData("codegemma-2b", """{"hidden_activation": null}""")]
    [InlineData("codegemma-2b", """{"hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh"}""")]
    // BLOOM: the original bigscience keys (n_embed, num_attention_heads, seq_length) and the ones transformers saves
    [InlineData("bloom-560m", """{"hidden_size": null, "n_head": null, "n_embed": 1024, "num_attention_heads": 16, "seq_length": 2048}""")]
    [InlineData("tiny_starcoder_py", """{"num_key_value_heads": 1, "tie_word_embeddings": true}""")]
    public void A_re_saved_config_reads_as_the_original(string model, string patch)
    {
        using var dir = new TempDirectory();
        Assert.Equal(Architecture.Load(PathOf(model)), Architecture.Load(WritePatched(dir.Path, model, patch)));
    }

    [Fact]
    public void Nested_rope_parameters_are_read_not_defaulted()
    {
        using var dir = new TempDirectory();
        var config = Architecture.Load(WritePatched(dir.Path, "pythia-410m",
            """{"rotary_pct": null, "rotary_emb_base": null, "rope_parameters": {"rope_type": "default", "rope_theta": 500000.0, "partial_rotary_factor": 0.5}}"""));
        Assert.Equal(500000, config.RotaryBase);
        Assert.Equal(32, config.RotaryDims);
    }

    [Fact]
    public void Several_eos_ids_keep_the_first()
    {
        using var dir = new TempDirectory();
        Assert.Equal(32000, Architecture.Load(WritePatched(dir.Path, "TinyLlama-1.1B-Chat-v1.0", """{"eos_token_id": [32000, 2]}""")).EosTokenId);
    }

    [Fact]
    public void An_explicit_gemma_hidden_activation_is_followed()
    {
        using var dir = new TempDirectory();
        Assert.Equal(Activation.GeluErf, Architecture.Load(WritePatched(dir.Path, "codegemma-2b", """{"hidden_activation": "gelu"}""")).Activation);
    }
}
