using EnergyBench.Models.Synthetic;

namespace EnergyBench.Tests;

/// <summary><c>models fetch</c> as a user runs it, against a hub stand-in: the snapshot path it prints runs in the engines; errors are one line; the token is never shown.</summary>
public sealed class ModelsFetchCliTests : IDisposable
{
    private const string Repo = "test-org/gpt2-test";
    private const string Token = "hf_cliSecretToken456";
    private readonly TempDirectory _temp = new();
    private readonly HubTestServer _server;

    public ModelsFetchCliTests()
    {
        string model = _temp.File("model");
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), model);
        _server = HubTestServer.ForDirectory(Repo, model);
        _server.RequiredToken = Token;
    }

    private Dictionary<string, string> Environment(string? token = Token) => new()
    {
        ["HF_ENDPOINT"] = _server.Endpoint,
        ["HF_HOME"] = _temp.File("hf-home"), // no login token of the machine's user
        ["HF_HUB_CACHE"] = _temp.File("hub"),
        ["HF_TOKEN"] = token ?? "",
        ["HF_HUB_OFFLINE"] = "",
    };

    [Fact]
    public void Fetch_prints_the_snapshot_folder_which_every_cpu_engine_runs()
    {
        var fetched = AppProcess.Run(["models", "fetch", Repo], Environment());
        Assert.True(fetched.ExitCode == 0, fetched.Error);
        Assert.DoesNotContain(Token, fetched.Output + fetched.Error);
        string snapshot = fetched.Output.Trim().Split('\n')[^1];
        Assert.Equal(Path.Combine(_temp.File("hub"), "models--test-org--gpt2-test", "snapshots", _server.Commit), snapshot);
        Assert.Contains("model.safetensors", fetched.Error); // progress lines go to stderr, the path alone to stdout

        foreach (string configuration in new[] { "torch-cpu", "onnx-cpu" })
        {
            var generated = AppProcess.Run(["generate", "--model", snapshot, "--config", configuration, "--prompt-ids", "1,2", "--max-new-tokens", "2"]);
            Assert.True(generated.ExitCode == 0, $"{configuration}: {generated.Error}");
        }

        var offline = AppProcess.Run(["models", "fetch", Repo, "--offline"], Environment(token: null));
        Assert.True(offline.ExitCode == 0, offline.Error);
        Assert.Equal(snapshot, offline.Output.Trim());
    }

    [Fact]
    public void Redirected_progress_is_plain_lines_with_each_download_s_size_and_end()
    {
        var fetched = AppProcess.Run(["models", "fetch", Repo], Environment());
        Assert.True(fetched.ExitCode == 0, fetched.Error);
        Assert.DoesNotContain('\r', fetched.Error); // no bar redrawn in place in a log
        string[] lines = fetched.Error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        long size = new FileInfo(Path.Combine(_temp.File("model"), "model.safetensors")).Length;

        int start = Array.FindIndex(lines, l => l.StartsWith("model.safetensors: downloading, ", StringComparison.Ordinal));
        int done = Array.FindIndex(lines, l => l.StartsWith("model.safetensors: done, ", StringComparison.Ordinal));
        Assert.True(start >= 0 && done > start, fetched.Error);
        AssertAbout(size, lines[start]["model.safetensors: downloading, ".Length..]);
        var end = System.Text.RegularExpressions.Regex.Match(lines[done], @"^model\.safetensors: done, (?<size>[\d.]+ [KMG]?i?B) in \d+:\d\d(, [\d.]+ [KMG]?i?B/s)?$");
        Assert.True(end.Success, lines[done]);
        AssertAbout(size, end.Groups["size"].Value);
    }

    /// <summary>A size as printed ("12.3 MiB") stands for <paramref name="bytes"/> to its three digits or so.</summary>
    private static void AssertAbout(long bytes, string printed)
    {
        string[] parts = printed.Split(' ');
        int power = Array.IndexOf(["B", "KiB", "MiB", "GiB"], parts[1]);
        Assert.True(power >= 0, printed);
        double value = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * Math.Pow(1024, power);
        Assert.InRange(value, bytes * 0.99, bytes * 1.01);
    }

    [Fact]
    public void Errors_are_one_line_and_never_show_the_token()
    {
        var refused = AppProcess.Run(["models", "fetch", Repo], Environment(token: "hf_wrongToken789"));
        Assert.Equal(2, refused.ExitCode);
        string line = Assert.Single(refused.Error.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("403", line);
        Assert.DoesNotContain("hf_wrongToken789", refused.Output + refused.Error);

        File.WriteAllText(_temp.File("token"), Token);
        var missing = AppProcess.Run(["models", "fetch", "test-org/absent", "--token-file", _temp.File("token")], Environment(token: null));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("error: test-org/absent: no such model repo", missing.Error);
        Assert.DoesNotContain(Token, missing.Output + missing.Error);

        var offline = AppProcess.Run(["models", "fetch", Repo, "--offline"], Environment());
        Assert.Equal(2, offline.ExitCode);
        Assert.Equal($"error: offline (HF_HUB_OFFLINE / --offline): {Repo}@main is not in the cache {Path.Combine(_temp.File("hub"), "models--test-org--gpt2-test")}; fetch it once with the network",
            offline.Error.Trim());
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }
}
