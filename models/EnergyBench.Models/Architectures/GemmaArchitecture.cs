using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// gemma (CodeGemma): Llama's layout with an explicit head_dim, RMSNorm as <c>norm(x) * (1 + w)</c>, the embedding
/// scaled by sqrt(hidden) (the tied head uses it unscaled), and a GeGLU MLP with tanh GELU whatever hidden_act says
/// (transformers uses hidden_activation, and its default, when that is null).
/// </summary>
public sealed class GemmaArchitecture : LlamaArchitecture
{
    public override string ModelType => "gemma";
    protected override string ClassName => "GemmaForCausalLM";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        var llama = base.Read(json);
        return llama with
        {
            HeadDim = json.OptionalInt("head_dim") ?? 256,
            RotaryDims = json.OptionalInt("head_dim") ?? 256,
            Norm = NormKind.GemmaRmsNorm,
            Activation = ParseActivation(json, json.String("hidden_activation") ?? "gelu_pytorch_tanh"),
            // The normalizer is cast to the hidden dtype: fp32 here.
            EmbeddingScale = (float)Math.Sqrt(llama.Hidden),
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? true,
        };
    }

    public override JsonObject Write(ArchitectureConfig c)
    {
        var json = base.Write(c);
        string activation = c.Activation == Activation.GeluTanh ? "gelu_pytorch_tanh" : ActivationName(c.Activation);
        json["hidden_act"] = activation;
        json["hidden_activation"] = activation;
        return json;
    }

    protected override WeightSource Norm(string name, long size) => new WeightSource.PlusOne(new TensorSpec(name, [size]));
}
