using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tests;

/// <summary>The study models' config.json files (StudyConfigs/), as they are or with some keys changed.</summary>
internal static class StudyConfigFiles
{
    public static string PathOf(string model) => Path.Combine(AppContext.BaseDirectory, "StudyConfigs", model + ".json");

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
