using System.Diagnostics;

namespace EnergyBench.Models.Tests.Oracle;

/// <summary>
/// Hugging Face's own JavaScript tokenizers (<c>@huggingface/transformers</c> from npm, pinned), an implementation
/// independent of this suite's, installed once per machine into a temporary folder. Unavailable (and the tests that
/// need it skipped, with the reason) when node or npm is missing or the registry cannot be reached.
/// </summary>
public static class HuggingFaceJs
{
    public const string Package = "@huggingface/transformers@4.3.2";

    private static readonly Lazy<(string? Folder, string? Problem)> Installed = new(Install);

    public static string? Unavailable => Installed.Value.Problem;

    /// <summary>The ids Hugging Face gives each text (no special tokens added) with the tokenizer.json in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<int[]> Encode(string directory, IReadOnlyList<string> texts)
    {
        string folder = Installed.Value.Folder ?? throw new InvalidOperationException(Installed.Value.Problem);
        string input = Path.Combine(directory, "oracle-texts.json");
        File.WriteAllText(input, System.Text.Json.JsonSerializer.Serialize(texts));
        const string script = """
            const { PreTrainedTokenizer } = require('@huggingface/transformers');
            const fs = require('fs');
            const [dir, input] = process.argv.slice(1);
            const tokenizer = new PreTrainedTokenizer(JSON.parse(fs.readFileSync(dir + '/tokenizer.json', 'utf8')), {});
            const ids = JSON.parse(fs.readFileSync(input, 'utf8')).map(t => tokenizer.encode(t, { add_special_tokens: false }));
            console.log(JSON.stringify(ids));
            """;
        var (code, output, error) = Run(folder, "node", ["-e", script, directory, input], TimeSpan.FromSeconds(60));
        if (code != 0)
            throw new InvalidOperationException($"node failed ({code}): {error}");
        return System.Text.Json.JsonSerializer.Deserialize<int[][]>(output.Trim())!;
    }

    private static (string? Folder, string? Problem) Install()
    {
        string folder = Path.Combine(Path.GetTempPath(), "energybench-hf-js-" + Package.Replace('/', '_').Replace('@', '_'));
        if (File.Exists(Path.Combine(folder, "node_modules", "@huggingface", "transformers", "package.json")))
            return (folder, null);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "package.json"), "{\"private\": true}");
            // --ignore-scripts: the tokenizers are plain JavaScript; no native runtime is downloaded.
            var (code, _, error) = Run(folder, "npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", Package], TimeSpan.FromSeconds(180));
            return code == 0 ? (folder, null) : (null, $"npm install {Package} failed: {error.Trim().Split('\n').LastOrDefault()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or TimeoutException)
        {
            return (null, $"npm install {Package} impossible here: {e.Message}");
        }
    }

    private static (int Code, string Output, string Error) Run(string folder, string program, string[] arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} ran past {limit.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A theory that needs <see cref="HuggingFaceJs"/>; skipped, saying why, where it cannot be installed.</summary>
public sealed class HuggingFaceJsTheoryAttribute : TheoryAttribute
{
    public HuggingFaceJsTheoryAttribute()
    {
        if (HuggingFaceJs.Unavailable is { } problem)
            Skip = $"needs Hugging Face's JavaScript tokenizers as the oracle: {problem}";
    }
}
