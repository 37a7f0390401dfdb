using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnergyBench.Inference.Prompts;

/// <summary>A JSONL prompt set: one <see cref="PromptRecord"/> per line. A bad line fails with its file and line number.</summary>
public sealed class PromptSet(string path, IReadOnlyList<PromptRecord> prompts)
{
    public const string DefaultName = "humaneval-autocomplete";

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps code readable in the file; still valid JSON
    };

    public string Path { get; } = path;
    public IReadOnlyList<PromptRecord> Prompts { get; } = prompts;

    /// <summary>A name in <c>prompts/</c> (with or without .jsonl) or a file path.</summary>
    public static string ResolvePath(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
            return System.IO.Path.GetFullPath(nameOrPath);
        string file = nameOrPath.EndsWith(".jsonl", StringComparison.Ordinal) ? nameOrPath : nameOrPath + ".jsonl";
        return System.IO.Path.Combine(Models.SuitePaths.Prompts, file);
    }

    public static PromptSet Load(string nameOrPath)
    {
        string path = ResolvePath(nameOrPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: prompt set not found (build it with: ./run.sh prompts build)", path);
        var prompts = new List<PromptRecord>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            PromptRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<PromptRecord>(line);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{lineNumber}: not a valid prompt line ({e.Message})", e);
            }
            if (record is null || string.IsNullOrEmpty(record.Prompt))
                throw new FormatException($"{path}:{lineNumber}: the line has no 'prompt' text");
            prompts.Add(record);
        }
        if (prompts.Count == 0)
            throw new FormatException($"{path}: the prompt set is empty");
        return new PromptSet(path, prompts);
    }

    public static string ToLine(PromptRecord record) => JsonSerializer.Serialize(record, LineOptions);

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // "\n" endings on every platform, so the file is the same bytes everywhere.
        File.WriteAllText(Path, string.Concat(Prompts.Select(p => ToLine(p) + "\n")));
    }
}
