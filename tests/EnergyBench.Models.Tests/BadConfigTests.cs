using EnergyBench.Models.Architectures;
using static EnergyBench.Models.Tests.StudyConfigFiles;

namespace EnergyBench.Models.Tests;

/// <summary>A study model's config.json with a setting the suite does not implement, or broken: one line naming the file and the key.</summary>
public class BadConfigTests
{
    [Theory]
    [InlineData("phi-2", """{"model_type": "phi-msft"}""", "model_type 'phi-msft' is not supported (supported: gpt2, gpt_bigcode, gpt_neox, bloom, llama, gemma, phi)")]
    [InlineData("pythia-410m", """{"model_type": null}""", "missing key 'model_type'")]
    [InlineData("pythia-1.4b", """{"rope_scaling": {"factor": 4.0, "type": "linear"}}""", "rope_scaling of type 'linear' is not supported")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"rope_scaling": {"rope_type": "llama3", "factor": 8.0}}""", "rope_scaling of type 'llama3' is not supported")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"rope_scaling": {"factor": 2.0}}""", "rope_scaling of type '(none)' is not supported")]
    [InlineData("phi-2", """{"rope_scaling": {"factor": 16.0, "type": "dynamic"}}""", "rope_scaling of type 'dynamic' is not supported")]
    [InlineData("codegemma-2b", """{"rope_parameters": {"rope_type": "yarn", "factor": 4.0, "rope_theta": 10000.0}}""", "rope_parameters of type 'yarn' is not supported")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"num_hidden_layers": null}""", "missing key 'num_hidden_layers'")]
    [InlineData("bloom-560m", """{"n_layer": null}""", "missing key 'n_layer'")]
    [InlineData("phi-2", """{"intermediate_size": null}""", "missing key 'intermediate_size'")]
    [InlineData("pythia-410m", """{"vocab_size": null}""", "missing key 'vocab_size'")]
    [InlineData("tiny_starcoder_py", """{"n_embd": null}""", "missing key 'n_embd'")]
    [InlineData("phi-2", """{"qk_layernorm": true}""", "qk_layernorm=true is not supported")]
    [InlineData("bloom-560m", """{"apply_residual_connection_post_layernorm": true}""", "apply_residual_connection_post_layernorm=true is not supported")]
    [InlineData("codeparrot-small", """{"scale_attn_weights": false}""", "scale_attn_weights=false is not supported")]
    [InlineData("codeparrot-small", """{"n_layer": 12.5}""", "key 'n_layer' is not an integer")]
    [InlineData("tiny_starcoder_py", """{"activation_function": "relu"}""", "activation 'relu' is not supported")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"eos_token_id": "</s>"}""", "key 'eos_token_id' is not an integer or a list of integers")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"eos_token_id": ["</s>"]}""", "key 'eos_token_id' is not an integer or a list of integers")]
    [InlineData("TinyLlama-1.1B-Chat-v1.0", """{"rope_theta": null, "rope_parameters": {"rope_theta": "10k"}}""", "key 'rope_parameters.rope_theta' is not a number")]
    [InlineData("pythia-410m", """{"rope_scaling": {"type": 4}}""", "key 'rope_scaling.type' is not a string")]
    [InlineData("codegemma-2b", """{"num_key_value_heads": 3}""", "8 attention heads cannot share 3 KV heads evenly")]
    public void A_bad_config_fails_in_one_line_naming_the_file_and_the_key(string model, string patch, string expected)
    {
        using var dir = new TempDirectory();
        string path = WritePatched(dir.Path, model, patch);
        var error = Assert.Throws<ModelFormatException>(() => Architecture.Load(path));
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}: {expected}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
