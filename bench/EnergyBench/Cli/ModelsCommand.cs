using System.CommandLine;
using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Hub;
using EnergyBench.Models.Onnx;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Cli;

/// <summary><c>models list|build|export-onnx</c>: the synthetic presets, the study's models and the model cache.</summary>
public static class ModelsCommand
{
    public static Command Create() => new("models", $"Synthetic models and the model cache ({SuitePaths.ModelsVariable})")
    {
        List(), Build(), ExportOnnx(), Fetch(),
    };

    private static Command List()
    {
        var list = new Command("list", "Show the synthetic presets (built or not) and the study's models (in the model cache or absent)");
        list.SetAction(_ =>
        {
            Console.WriteLine($"model cache: {SuitePaths.Models}");
            Console.WriteLine("synthetic presets (build one with: ./run.sh models build NAME):");
            foreach (var preset in ModelPreset.All)
            {
                var model = new ModelDirectory(ModelDirectory.CachePath(preset.Name), preset.Name);
                long parameters = preset.Config.ParameterCount;
                Console.WriteLine($"{preset.Name,-17} {preset.Config.ModelType,-12} {parameters / 1e6,9:N1}M params  category {SizeCategory.Of(parameters)}  " +
                                  $"{(File.Exists(model.ManifestPath) ? "built" : "not built"),-9}  {preset.Description}");
            }
            Console.WriteLine($"study models ({ModelRegistry.FileName}; name several with {string.Join(", ", ModelRegistry.Selectors)}; " +
                              $"NAME{ModelRegistry.TwinSuffix} names a synthetic twin (models build NAME --synthetic)):");
            foreach (var study in ModelRegistry.All)
                Console.WriteLine($"{study.Name,-33} {study.ModelType,-12} {study.Parameters / 1e6,9:N1}M params  category {study.Category}  " +
                                  $"{study.HubId,-46} {study.Gated switch { true => "gated", null => "gated?", false => "" },-6}  {LocalState(study)}");
            var known = ModelPreset.All.Select(p => p.Name)
                .Concat(ModelRegistry.All.SelectMany(m => new[] { m.Name, m.TwinName }))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var others = Directory.Exists(SuitePaths.Models)
                ? Directory.EnumerateDirectories(SuitePaths.Models).Where(d => !known.Contains(Path.GetFileName(d)) && File.Exists(Path.Combine(d, "config.json"))).ToList()
                : [];
            if (others.Count > 0)
            {
                Console.WriteLine("other models in the model cache:");
                foreach (string directory in others)
                    Console.WriteLine($"{Path.GetFileName(directory),-33} {TransferText.Size(DiskSize.Bytes(directory))}{(File.Exists(Path.Combine(directory, ModelManifest.FileName)) ? ", synthetic" : "")}");
            }
            ListOtherHubRepos();
            return 0;
        });
        return list;
    }

    /// <summary>Repos in the Hugging Face cache that are not study models (a <c>models fetch ORG/NAME</c>, or Python's downloads).</summary>
    private static void ListOtherHubRepos()
    {
        string root = HubSettings.FromEnvironment().CacheRoot;
        var study = ModelRegistry.All.Select(m => m.HubId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var repos = (Directory.Exists(root) ? Directory.EnumerateDirectories(root) : [])
            .Select(folder => (Folder: folder, Repo: HubRepoId.FromCacheFolderName(Path.GetFileName(folder))))
            .Where(r => r.Repo is not null && !study.Contains(r.Repo.Value))
            .OrderBy(r => r.Repo!.Value, StringComparer.Ordinal)
            .ToList();
        if (repos.Count == 0)
            return;
        Console.WriteLine($"other models in the Hugging Face cache ({root}):");
        foreach (var (folder, repo) in repos)
            Console.WriteLine($"{repo!.Value,-46} {TransferText.Size(DiskSize.Bytes(Path.Combine(folder, "blobs")))}");
    }

    /// <summary>"absent", or where the download and the twin are, with their size on disk and whether an ONNX export is there.</summary>
    private static string LocalState(StudyModel study)
    {
        var states = new List<string>();
        if (ModelDirectory.FindDownload(study) is { } download)
            states.Add($"downloaded{Onnx(download)} ({TransferText.Size(DiskSize.Bytes(download.Path))}): {download.Path}");
        var twin = new ModelDirectory(ModelDirectory.CachePath(study.TwinName), study.TwinName);
        if (File.Exists(twin.ManifestPath))
            states.Add($"twin built{Onnx(twin)} ({TransferText.Size(DiskSize.Bytes(twin.Path))})");
        return states.Count == 0 ? "absent" : string.Join("; ", states);

        static string Onnx(ModelDirectory model) =>
            File.Exists(model.OnnxPath) || File.Exists(model.MergedOnnxPath) ? ", ONNX exported" : "";
    }

    private static Command Build()
    {
        var names = new Argument<string>("names") { Description = "a preset, or with --synthetic study models: names, hub ids or selectors, comma-separated (see: models list)" };
        var synthetic = new Option<bool>("--synthetic") { Description = "build study models' synthetic twins: each model's real config.json and shapes, seeded weights, a GPT-2 BPE that fits its vocabulary" };
        var seed = new Option<ulong>("--seed") { Description = "weight seed", DefaultValueFactory = _ => SyntheticModelBuilder.DefaultSeed };
        var output = new Option<string?>("--out") { Description = "directory to write (default: the model cache; one model only)" };
        var build = new Command("build", "Write a synthetic model (a preset, or a study model's twin) in the Hugging Face layout") { names, synthetic, seed, output };
        build.SetAction(result => CliErrors.Guard(() =>
        {
            var references = ModelRegistry.Expand(result.GetValue(names)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            if (references.Count != 1 && result.GetValue(output) is not null)
                throw new ArgumentException($"--out writes one model, and {references.Count} are named");
            foreach (string reference in references)
                BuildOne(reference, result.GetValue(synthetic), result.GetValue(seed), result.GetValue(output));
            return 0;
        }));
        return build;
    }

    private static void BuildOne(string reference, bool synthetic, ulong seed, string? output)
    {
        var study = ModelRegistry.Find(reference);
        if (study is not null && !synthetic)
            throw new ArgumentException($"{study.Name} is a study model: add --synthetic to build its synthetic twin, or download it with ./run.sh models fetch {study.Name}");
        var twinOf = ModelRegistry.FindTwin(reference) ?? study;
        if (twinOf is null && synthetic)
            throw new ArgumentException($"--synthetic builds a study model's twin, and '{reference}' is not one (known: {ModelRegistry.KnownNames})");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        string directory;
        ModelManifest manifest;
        if (twinOf is not null)
        {
            directory = output ?? ModelDirectory.CachePath(twinOf.TwinName, seed);
            Console.WriteLine($"{twinOf.TwinName}: writing into {directory}");
            manifest = SyntheticModelBuilder.BuildTwin(twinOf, directory, seed, Console.WriteLine);
        }
        else
        {
            var preset = ModelPreset.Get(reference);
            directory = output ?? ModelDirectory.CachePath(preset.Name, seed);
            manifest = SyntheticModelBuilder.Build(preset, directory, seed, Console.WriteLine);
        }
        Console.WriteLine($"{directory}: {manifest.Preset}, {manifest.Parameters:N0} parameters, size category {manifest.SizeCategory}, " +
                          $"seed {seed}, {TransferText.Size(DiskSize.Bytes(directory))} on disk, built in {stopwatch.Elapsed.TotalSeconds:N0} s");
    }

    private static Command ExportOnnx()
    {
        var directory = new Argument<string>("model-dir") { Description = "a Hugging Face model directory (config.json + model.safetensors or shards) of a supported architecture" };
        var export = new Command("export-onnx", $"Write onnx/model.onnx (Optimum layout, with past) for a model directory ({string.Join(", ", Architecture.All.Select(a => a.ModelType))})") { directory };
        export.SetAction(result => CliErrors.Guard(() =>
        {
            var model = new ModelDirectory(result.GetValue(directory)!, "");
            using var checkpoint = model.OpenCheckpoint();
            DecoderOnnxExporter.Export(checkpoint, model.OnnxPath);
            Console.WriteLine(model.OnnxPath);
            return 0;
        }));
        return export;
    }

    private static Command Fetch()
    {
        var id = new Argument<string>("model") { Description = "a study model's name or a model repo on the hub, org/name (e.g. tiny_starcoder_py, bigcode/tiny_starcoder_py)" };
        var revision = new Option<string?>("--revision") { Description = $"branch, tag or commit (default: {HubFetcher.DefaultRevision})" };
        var tokenFile = new Option<string?>("--token-file") { Description = "file holding a hub access token (default: HF_TOKEN, else the token of 'hf auth login')" };
        var offline = new Option<bool>("--offline") { Description = "use the Hugging Face cache only (as HF_HUB_OFFLINE=1)" };
        var fetch = new Command("fetch", "Download a model's config, safetensors, tokenizer and ONNX files into the Hugging Face cache " +
                                         "(HF_ENDPOINT, HF_HUB_CACHE / HF_HOME) and print its snapshot folder, for --models")
            { id, revision, tokenFile, offline };
        fetch.SetAction(result => CliErrors.Guard(() =>
        {
            var settings = HubSettings.FromEnvironment(result.GetValue(tokenFile), result.GetValue(offline));
            // A study model's name stands for its hub id, at its pinned revision unless one is asked for.
            var study = ModelRegistry.Find(result.GetValue(id)!);
            string snapshot;
            using (var display = FetchDisplay.ForStandardError())
                snapshot = new HubFetcher(settings, display.Line, display.Transfer)
                    .Fetch(study?.HubId ?? result.GetValue(id)!, result.GetValue(revision) ?? study?.Revision);
            Console.WriteLine(snapshot);
            return 0;
        }));
        return fetch;
    }
}
