using EnergyBench.Models.Architectures;
using EnergyBench.Models.Hub;
using EnergyBench.Models.Onnx;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Tokenization;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models;

/// <summary>
/// A model in the Hugging Face layout: <c>config.json</c>, <c>model.safetensors</c> (or shards), tokenizer files and an
/// Optimum-style <c>onnx/model.onnx</c>. A reference is a directory path, the name of a synthetic preset or of a study
/// model's synthetic twin (<c>NAME-synthetic</c>) in the model cache, or a study model downloaded into a cache.
/// </summary>
public sealed class ModelDirectory
{
    public ModelDirectory(string path, string name, ModelPreset? preset = null, StudyModel? twinOf = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Name = name;
        Preset = preset;
        TwinOf = twinOf;
    }

    public string Path { get; }
    /// <summary>Short name for reports: the preset name or the directory's name.</summary>
    public string Name { get; }

    /// <summary>The synthetic preset this directory is the cache entry of, when it was named by a preset.</summary>
    public ModelPreset? Preset { get; }

    /// <summary>The study model this directory is the synthetic twin of, when it was named <c>NAME-synthetic</c>.</summary>
    public StudyModel? TwinOf { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");
    /// <summary>The decoder with past that the suite writes: <c>onnx/model.onnx</c>.</summary>
    public string OnnxPath => System.IO.Path.Combine(Path, "onnx", OptimumNames.ModelFile);

    /// <summary>A legacy Optimum export's merged decoder, <c>onnx/decoder_model_merged.onnx</c>.</summary>
    public string MergedOnnxPath => System.IO.Path.Combine(Path, "onnx", OptimumNames.MergedModelFile);
    public string ManifestPath => System.IO.Path.Combine(Path, ModelManifest.FileName);

    public ArchitectureConfig LoadConfig() => Architecture.Load(ConfigPath);

    /// <summary>The ONNX decoder the engines run: <c>onnx/model.onnx</c>, else <c>onnx/decoder_model_merged.onnx</c>;
    /// throws, saying how to write one, when neither exists.</summary>
    public string RequireOnnx() =>
        File.Exists(OnnxPath) ? OnnxPath
        : File.Exists(MergedOnnxPath) ? MergedOnnxPath
        : throw new ModelFormatException(OnnxPath,
            $"file not found, nor {OptimumNames.MergedModelFile} beside it (write it with: ./run.sh models export-onnx {Path})");

    public Checkpoint OpenCheckpoint() => new(Path, LoadConfig());

    /// <summary>
    /// A directory path, a preset name, or a study model's short name or hub id (<see cref="ModelRegistry"/>); the last
    /// two are looked up in the model cache (<see cref="SuitePaths.Models"/>).
    /// </summary>
    public static ModelDirectory Resolve(string reference)
    {
        if (Directory.Exists(reference))
            return new ModelDirectory(reference, new DirectoryInfo(reference).Name);
        if (ModelPreset.TryGet(reference, out var preset))
            return new ModelDirectory(CachePath(preset.Name), preset.Name, preset);
        if (ModelRegistry.Find(reference) is { } study)
            return Cached(study);
        if (ModelRegistry.FindTwin(reference) is { } twinOf)
            return new ModelDirectory(CachePath(twinOf.TwinName), twinOf.TwinName, twinOf: twinOf);
        if (ModelRegistry.IsSelector(reference))
            throw new ArgumentException($"'{reference}' selects several models ({string.Join(", ", ModelRegistry.Select(reference).Select(m => m.Name))}); name one of them");
        if (reference.Contains('/') || reference.Contains('\\'))
            throw new ModelFormatException(reference, "model directory not found");
        throw new ArgumentException(
            $"model '{reference}' is neither a directory, a preset nor a study model (presets: {string.Join(", ", ModelPreset.All.Select(p => p.Name))}; " +
            $"study models: {ModelRegistry.KnownNames}; selectors: {string.Join(", ", ModelRegistry.Selectors)})");
    }

    /// <summary>
    /// A study model's directory: in the model cache when a copy is there, else its snapshot in the Hugging Face cache
    /// (<c>models fetch</c>, or Python's own downloads); throws, saying how to get it, when neither holds a config.json.
    /// </summary>
    private static ModelDirectory Cached(StudyModel study)
    {
        if (FindDownload(study) is { } download)
            return download;
        var hub = new HubCache(HubSettings.FromEnvironment().CacheRoot, HubRepoId.Parse(study.HubId));
        string access = study.Gated == false ? "" : "; a gated model also needs its licence accepted on the hub and HF_TOKEN";
        throw new ModelFormatException(hub.RepoPath,
            $"study model {study.Name} ({study.HubId}) is not downloaded: run ./run.sh models fetch {study.Name} (needs network{access}), " +
            $"or put the repository's files in {study.CachePath}, or name its synthetic twin {study.TwinName} (same shapes, seeded weights)");
    }

    /// <summary>
    /// A study model's real files: its copy in the model cache, else its snapshot in the Hugging Face cache (<c>models
    /// fetch</c>, or Python's own downloads) at the pinned revision or main; null when neither holds a config.json.
    /// </summary>
    public static ModelDirectory? FindDownload(StudyModel study)
    {
        var model = new ModelDirectory(study.CachePath, study.Name);
        if (model.Exists)
            return model;
        var hub = new HubCache(HubSettings.FromEnvironment().CacheRoot, HubRepoId.Parse(study.HubId));
        return hub.ResolveCommit(study.Revision ?? HubFetcher.DefaultRevision) is { } commit
               && File.Exists(System.IO.Path.Combine(hub.SnapshotPath(commit), "config.json"))
            ? new ModelDirectory(hub.SnapshotPath(commit), study.Name)
            : null;
    }

    public static string CachePath(string presetName, ulong seed = SyntheticModelBuilder.DefaultSeed) =>
        System.IO.Path.Combine(SuitePaths.Models, seed == SyntheticModelBuilder.DefaultSeed ? presetName : $"{presetName}-seed{seed}");

    public bool Exists => File.Exists(ConfigPath);

    /// <summary>
    /// "synthetic (preset or twin, seed)" for a directory the suite built, so reports never pass off seeded weights as a
    /// model's; "real (org/name@commit)" for a Hugging Face cache snapshot, so a result names the revision it ran; else "real".
    /// </summary>
    public string WeightsProvenance => ModelManifest.TryLoad(ManifestPath) is { } manifest
        ? $"synthetic ({manifest.Preset}, seed {manifest.Seed})"
        : HubCache.SnapshotOf(Path) is { } snapshot ? $"real ({snapshot.Repo}@{snapshot.Commit})" : "real";

    /// <summary>A preset or twin whose cache entry is missing or half-written (no manifest) has not been built.</summary>
    public bool IsUnbuiltSynthetic => (Preset is not null || TwinOf is not null) && !File.Exists(ManifestPath);

    /// <summary>Throws, saying how to build it, for a preset or twin that is not in the cache.</summary>
    public ModelDirectory RequireBuilt() => IsUnbuiltSynthetic
        ? throw new ModelFormatException(Path, $"model {Name} is not built (run: ./run.sh models build {(TwinOf is { } study ? $"{study.Name} --synthetic" : Name)})")
        : this;

    /// <summary>Loads what every engine needs, in the order a user fixes it: config, weights, tokenizer.</summary>
    public CheckedModel Check()
    {
        var config = LoadConfig();
        using (new Checkpoint(Path, config)) { } // the weights' headers: names, shapes, sizes
        return new CheckedModel(this, config, ModelTokenizer.Load(Path));
    }
}
