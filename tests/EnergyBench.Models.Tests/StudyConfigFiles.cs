using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EnergyBench.Models.Registry;

namespace EnergyBench.Models.Tests;

/// <summary>
/// The study models' config.json files, written once per test run from the model registry (models/models.json, the
/// one place they are kept), as they are or with some keys changed.
/// </summary>
internal static class StudyConfigFiles
{
    private static readonly string Folder = CreateFolder();
    private static readonly ConcurrentDictionary<string, Lazy<string>> Written = new();

    public static string PathOf(string model) =>
        Written.GetOrAdd(model, name => new Lazy<string>(() => ModelRegistry.Get(name).WriteConfig(Path.Combine(Folder, name)))).Value;

    private static string CreateFolder()
    {
        string folder = Directory.CreateTempSubdirectory("study-configs-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }

    /// <summary>
    /// Writes the model's config.json into <paramref name="directory"/> with <paramref name="patch"/>'s keys set
    /// (a JSON object; a null value removes the key), and returns its path.
    /// </summary>
    public static string WritePatched(string directory, string model, string patch)
    {
        var json = JsonNode.Parse(File.ReadAllText(PathOf(model)))!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            if (value is null)
                json.Remove(key);
            else
                json[key] = value.DeepClone();
        }
        string path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
