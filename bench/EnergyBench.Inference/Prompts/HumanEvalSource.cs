using System.IO.Compression;
using System.Text.Json;

namespace EnergyBench.Inference.Prompts;

/// <summary>A HumanEval problem: its id and the whole problem text (the prompt followed by the canonical solution).</summary>
public sealed record HumanEvalProblem(string TaskId, string Text);

/// <summary>Reads <c>HumanEval.jsonl.gz</c> (or plain .jsonl).</summary>
public static class HumanEvalSource
{
    public static string DefaultPath => Path.Combine(Models.SuitePaths.Prompts, "source", "HumanEval.jsonl.gz");

    public static IReadOnlyList<HumanEvalProblem> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: HumanEval source not found", path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var problems = new List<HumanEvalProblem>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                string taskId = root.GetProperty("task_id").GetString()!;
                string prompt = root.GetProperty("prompt").GetString()!;
                string solution = root.TryGetProperty("canonical_solution", out var s) ? s.GetString() ?? "" : "";
                problems.Add(new HumanEvalProblem(taskId, prompt + solution));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: not a HumanEval problem line ({e.Message})", e);
            }
        }
        return problems;
    }
}
