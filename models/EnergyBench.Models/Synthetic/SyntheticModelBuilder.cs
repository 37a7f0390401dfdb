using EnergyBench.Models.Architectures;
using EnergyBench.Models.Onnx;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Tokenization;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Synthetic;

/// <summary>
/// Writes a synthetic model of any supported architecture in the Hugging Face layout: config.json, model.safetensors, tokenizer_config.json
/// (cl100k_base), onnx/model.onnx (Optimum-style inputs and outputs) and bench-manifest.json. The directory is built
/// beside its destination and moved into place at the end, so a cache never holds half a model.
/// </summary>
public static class SyntheticModelBuilder
{
    public const ulong DefaultSeed = 1234;

    public static ModelManifest Build(ModelPreset preset, string directory, ulong seed = DefaultSeed,
        Action<string>? progress = null)
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
            throw new IOException($"{Path.GetDirectoryName(target)}: not writable, so {preset.Name} cannot be built there ({e.Message}); " +
                                  $"make it writable or set {SuitePaths.ModelsVariable} to another folder", e);
        }
        try
        {
            var config = preset.Config;
            Architecture.Save(config, Path.Combine(staging, "config.json"));
            ModelTokenizer.WriteTiktokenDescription(staging, "cl100k_base", config.MaxPositions);

            progress?.Invoke($"writing model.safetensors ({config.ParameterCount:N0} parameters)");
            var weights = new SyntheticWeights(config, seed);
            SafetensorsWriter.Write(Path.Combine(staging, Checkpoint.SingleFile), weights.Tensors, weights.Fill,
                new Dictionary<string, string> { ["format"] = "pt" });

            progress?.Invoke("writing onnx/model.onnx");
            using (var checkpoint = new Checkpoint(staging, config))
                DecoderOnnxExporter.Export(checkpoint, Path.Combine(staging, "onnx", "model.onnx"));

            var manifest = new ModelManifest(preset.Name, seed, config.ModelType, config.ParameterCount,
                SizeCategory.Of(config.ParameterCount), "cl100k_base", ModelManifest.HashFiles(staging));
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

    /// <summary>Builds the preset into the model cache unless a complete copy is already there.</summary>
    public static ModelDirectory EnsureBuilt(string presetName, ulong seed = DefaultSeed, Action<string>? progress = null)
    {
        var preset = ModelPreset.Get(presetName);
        var model = new ModelDirectory(ModelDirectory.CachePath(preset.Name, seed), preset.Name);
        if (!File.Exists(model.ManifestPath))
            Build(preset, model.Path, seed, progress);
        return model;
    }
}
