using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergyBench.Models.Gpt2;

/// <summary>The architecture hyper-parameters of a GPT-2 model, as Hugging Face writes them in <c>config.json</c>.</summary>
public sealed record Gpt2Config(
    int NLayer,
    int NHead,
    int NEmbd,
    int NPositions,
    int VocabSize,
    double LayerNormEpsilon = 1e-5,
    int? NInner = null,
    int? EosTokenId = null)
{
    public int HeadDim => NEmbd / NHead;
    public int InnerDim => NInner ?? 4 * NEmbd;

    /// <summary>Parameter count with the output head tied to the token embedding, as in GPT-2.</summary>
    public long ParameterCount
    {
        get
        {
            long d = NEmbd, inner = InnerDim;
            long perLayer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * inner + inner) + (inner * d + d);
            return (long)VocabSize * d + (long)NPositions * d + NLayer * perLayer + 2 * d;
        }
    }

    public void Validate(string path)
    {
        if (NLayer <= 0 || NHead <= 0 || NEmbd <= 0 || NPositions <= 0 || VocabSize <= 0)
            throw new ModelFormatException(path, "n_layer, n_head, n_embd, n_positions and vocab_size must all be positive");
        if (NEmbd % NHead != 0)
            throw new ModelFormatException(path, $"n_embd ({NEmbd}) is not divisible by n_head ({NHead})");
    }

    public static Gpt2Config Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException(path, "file not found");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject json)
            throw new ModelFormatException(path, "expected a JSON object");

        string modelType = json["model_type"]?.GetValue<string>() ?? "";
        if (modelType != "gpt2")
            throw new ModelFormatException(path, $"model_type '{modelType}' is not supported (supported: gpt2)");
        string activation = json["activation_function"]?.GetValue<string>() ?? "gelu_new";
        if (activation is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new ModelFormatException(path, $"activation_function '{activation}' is not supported (supported: gelu_new)");
        foreach (string flag in new[] { "scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn" })
            if (json[flag]?.GetValue<bool>() == true)
                throw new ModelFormatException(path, $"{flag}=true is not supported");

        var config = new Gpt2Config(
            NLayer: Required(json, "n_layer", path),
            NHead: Required(json, "n_head", path),
            NEmbd: Required(json, "n_embd", path),
            NPositions: Required(json, "n_positions", path),
            VocabSize: Required(json, "vocab_size", path),
            LayerNormEpsilon: json["layer_norm_epsilon"]?.GetValue<double>() ?? 1e-5,
            NInner: json["n_inner"]?.GetValue<int?>(),
            EosTokenId: json["eos_token_id"]?.GetValue<int?>());
        config.Validate(path);
        return config;
    }

    private static int Required(JsonObject json, string key, string path)
    {
        try
        {
            return json[key]?.GetValue<int>() ?? throw new ModelFormatException(path, $"missing key '{key}'");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(path, $"key '{key}' is not an integer", e);
        }
    }

    /// <summary>Writes the keys a Hugging Face GPT-2 <c>config.json</c> has, in a fixed order so the bytes are reproducible.</summary>
    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["model_type"] = "gpt2",
            ["activation_function"] = "gelu_new",
            ["n_layer"] = NLayer,
            ["n_head"] = NHead,
            ["n_embd"] = NEmbd,
            ["n_inner"] = NInner,
            ["n_positions"] = NPositions,
            ["n_ctx"] = NPositions,
            ["vocab_size"] = VocabSize,
            ["layer_norm_epsilon"] = LayerNormEpsilon,
            ["bos_token_id"] = EosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["attn_pdrop"] = 0.0,
            ["embd_pdrop"] = 0.0,
            ["resid_pdrop"] = 0.0,
            ["scale_attn_weights"] = true,
            ["tie_word_embeddings"] = true,
            ["torch_dtype"] = "float32",
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
