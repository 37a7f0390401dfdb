using System.Text.Json;
using System.Text.Json.Nodes;
using EnergyBench.Models.Architectures;

namespace EnergyBench.Models.Registry;

/// <summary>One of the study's twelve models as <c>models/models.json</c> describes it.</summary>
public sealed class StudyModel
{
    /// <summary>The part of the hub id after '/', which names the model everywhere in the suite.</summary>
    public required string Name { get; init; }
    public required string HubId { get; init; }
    /// <summary>A pinned commit, or null where none is pinned (the hub's default branch).</summary>
    public string? Revision { get; init; }
    public required string ModelType { get; init; }
    /// <summary>What transformers counts from the config: a tied head once, buffers not at all.</summary>
    public required long Parameters { get; init; }
    /// <summary>The study's size category (its Table 1): 1, 2 or 3.</summary>
    public required int Category { get; init; }
    public required TokenizerKind Tokenizer { get; init; }
    public required string License { get; init; }
    /// <summary>Whether the hub asks to accept a licence before download (then a token is needed); null when unknown.</summary>
    public bool? Gated { get; init; }
    /// <summary>The fields above that were not read from the repository itself.</summary>
    public IReadOnlyList<string> Unverified { get; init; } = [];
    public string Notes { get; init; } = "";
    /// <summary>The repository's config.json, every key as the file has it.</summary>
    public required JsonObject Config { get; init; }

    /// <summary>Where messages about the embedded config point: the registry file and the model.</summary>
    public string ConfigSource => $"{ModelRegistry.FileName} ({Name})";

    /// <summary>The model's directory in the model cache (<see cref="SuitePaths.Models"/>).</summary>
    public string CachePath => Path.Combine(SuitePaths.Models, Name);

    /// <summary>The name of its synthetic twin: the same shapes and config with seeded weights (<c>models build NAME --synthetic</c>).</summary>
    public string TwinName => Name + ModelRegistry.TwinSuffix;

    public ArchitectureConfig LoadConfig() => Architecture.Load(new ConfigJson((JsonObject)Config.DeepClone(), ConfigSource));

    /// <summary>Writes the config.json into <paramref name="directory"/> and returns its path.</summary>
    public string WriteConfig(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, Config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    public override string ToString() => Name;
}
