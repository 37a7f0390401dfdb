using EnergyBench.Models.Architectures;
using EnergyBench.Models.Onnx;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Tokenization;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Synthetic;

/// <summary>
/// Writes a synthetic model in the Hugging Face layout: config.json, model.safetensors (seeded weights), tokenizer files,
/// onnx/model.onnx (Optimum-style inputs and outputs) and bench-manifest.json. A preset gets its own shape and
/// cl100k_base; a study model's twin gets the model's real config.json, its weights stored in the config's dtype and a
/// <see cref="TwinTokenizer"/>. The directory is built beside its destination and moved into place at the end, so a
/// cache never holds half a model. Tensors are written one at a time, so a 3B twin never sits in memory.
/// </summary>
public static class SyntheticModelBuilder
{
    public const ulong DefaultSeed = 1234;

    public static ModelManifest Build(ModelPreset preset, string directory, ulong seed = DefaultSeed,
        Action<string>? progress = null) =>
        Build(preset.Name, directory, seed, progress, staging =>
        {
            Architecture.Save(preset.Config, Path.Combine(staging, "config.json"));
            ModelTokenizer.WriteTiktokenDescription(staging, "cl100k_base", preset.Config.MaxPositions);
            return new Recipe(preset.Config, preset.Name, "cl100k_base", "F32");
        });

    /// <summary>Writes the synthetic twin of a study model: its shapes and config exactly, seeded weights, a tokenizer that fits.</summary>
    public static ModelManifest BuildTwin(StudyModel model, string directory, ulong seed = DefaultSeed,
        Action<string>? progress = null) =>
        Build(model.TwinName, directory, seed, progress, staging =>
        {
            model.WriteConfig(staging);
            var config = model.LoadConfig();
            var tokenizer = TwinTokenizer.For(config);
            tokenizer.Write(staging, config.MaxPositions);
            return new Recipe(config, $"twin of {model.HubId}", tokenizer.Description, StorageType(model));
        });

    /// <summary>What a build writes besides its weights: the config, the manifest's description, the weights' dtype.</summary>
    private sealed record Recipe(ArchitectureConfig Config, string Description, string Tokenizer, string Dtype);

    /// <summary>The safetensors dtype the model is published in (config.json's torch_dtype, or dtype in newer files).</summary>
    public static string StorageType(StudyModel model) =>
        (model.Config["torch_dtype"] ?? model.Config["dtype"])?.GetValue<string>() switch
        {
            "float16" => "F16",
            "bfloat16" => "BF16",
            _ => "F32",
        };

    private static ModelManifest Build(string name, string directory, ulong seed, Action<string>? progress, Func<string, Recipe> writeFiles)
    {
        string target = Path.GetFullPath(directory);
        string staging = $"{target}.partial-{Environment.ProcessId}";
        try
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{Path.GetDirectoryName(target)}: not writable, so {name} cannot be built there ({e.Message}); " +
                                  $"make it writable or set {SuitePaths.ModelsVariable} to another folder", e);
        }
        try
        {
            var recipe = writeFiles(staging);
            var config = recipe.Config;
            progress?.Invoke($"writing model.safetensors ({config.ParameterCount:N0} parameters, {recipe.Dtype})");
            var weights = new SyntheticWeights(config, seed);
            SafetensorsWriter.Write(Path.Combine(staging, Checkpoint.SingleFile), weights.Tensors, weights.Fill,
                new Dictionary<string, string> { ["format"] = "pt" }, recipe.Dtype);

            progress?.Invoke("writing onnx/model.onnx");
            using (var checkpoint = new Checkpoint(staging, config))
                DecoderOnnxExporter.Export(checkpoint, Path.Combine(staging, "onnx", "model.onnx"));

            progress?.Invoke("hashing the files for bench-manifest.json");
            var manifest = new ModelManifest(recipe.Description, seed, config.ModelType, config.ParameterCount,
                SizeCategory.Of(config.ParameterCount), recipe.Tokenizer, ModelManifest.HashFiles(staging));
            manifest.Save(Path.Combine(staging, ModelManifest.FileName));

            if (Directory.Exists(target))
                Directory.Delete(target, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (ModelManifest.TryLoad(Path.Combine(target, ModelManifest.FileName)) is { } built && built.Files.SequenceEqual(manifest.Files))
            {
                // Another process built the same model at the same time; its copy is byte for byte this one.
                Directory.Delete(staging, recursive: true);
            }
            return manifest;
        }
        catch
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>Builds a preset or a study model's twin (<c>NAME-synthetic</c>) into the model cache unless a complete copy is already there.</summary>
    public static ModelDirectory EnsureBuilt(string name, ulong seed = DefaultSeed, Action<string>? progress = null)
    {
        if (ModelRegistry.FindTwin(name) is { } study)
        {
            var twin = new ModelDirectory(ModelDirectory.CachePath(study.TwinName, seed), study.TwinName, twinOf: study);
            if (!File.Exists(twin.ManifestPath))
                BuildTwin(study, twin.Path, seed, progress);
            return twin;
        }
        var preset = ModelPreset.Get(name);
        var model = new ModelDirectory(ModelDirectory.CachePath(preset.Name, seed), preset.Name, preset);
        if (!File.Exists(model.ManifestPath))
            Build(preset, model.Path, seed, progress);
        return model;
    }
}
