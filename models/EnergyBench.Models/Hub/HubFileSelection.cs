namespace EnergyBench.Models.Hub;

/// <summary>
/// The files of a repo that running a model needs: its configuration, safetensors weights, tokenizer files and an
/// Optimum ONNX decoder if the repo has one. Everything else (PyTorch .bin, Flax, TF weights, quantized ONNX variants) is left on the hub.
/// </summary>
public static class HubFileSelection
{
    public const string Config = "config.json";
    public const string SafetensorsIndex = "model.safetensors.index.json";

    private static readonly HashSet<string> ModelFiles = new(StringComparer.Ordinal)
    {
        Config, "generation_config.json", SafetensorsIndex,
        "tokenizer.json", "tokenizer_config.json", "vocab.json", "merges.txt", "tokenizer.model", "special_tokens_map.json", "added_tokens.json",
    };

    /// <summary>The ONNX decoders <see cref="ModelDirectory"/> runs, with their external data files.</summary>
    private static readonly string[] OnnxPrefixes = ["onnx/model.onnx", "onnx/decoder_model_merged.onnx"];

    public static IReadOnlyList<HubFile> Select(HubRepoId repo, string revision, IReadOnlyList<HubFile> files)
    {
        if (!files.Any(f => f.Name == Config))
            throw new HubException($"{repo}@{revision}: the repo has no config.json, so it is not a model the suite can run");
        bool hasSafetensors = files.Any(IsRootSafetensors);
        if (!hasSafetensors)
            throw new HubException(files.Any(f => f.Name.EndsWith(".bin", StringComparison.Ordinal) && f.Name.StartsWith("pytorch_model", StringComparison.Ordinal))
                ? $"{repo}@{revision} has only PyTorch weights (pytorch_model*.bin) and the suite reads safetensors: convert them " +
                  "(python: AutoModelForCausalLM.from_pretrained(ID).save_pretrained(DIR, safe_serialization=True)) and pass DIR to --models, " +
                  "or fetch a revision that has them (the hub's safetensors conversion opens a pull request: --revision refs/pr/N)"
                : $"{repo}@{revision}: the repo has no *.safetensors weights");
        return files.Where(f => ModelFiles.Contains(f.Name) || IsRootSafetensors(f) || OnnxPrefixes.Any(p => f.Name.StartsWith(p, StringComparison.Ordinal)))
            .OrderBy(f => f.Size ?? 0) // small files first: a wrong repo shows up before gigabytes arrive
            .ToList();
    }

    private static bool IsRootSafetensors(HubFile file) => !file.Name.Contains('/') && file.Name.EndsWith(".safetensors", StringComparison.Ordinal);
}
