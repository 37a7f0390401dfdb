using EnergyBench.Models.Hub;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests.Hub;

/// <summary>Fetches a synthetic gpt2-test model from a hub stand-in on 127.0.0.1 into a Hugging Face cache in a scratch folder.</summary>
public sealed class HubFetchTests : IDisposable
{
    private const string Repo = "test-org/gpt2-test";
    private const string Token = "hf_secretTestToken123";
    private readonly TempDirectory _temp = new();
    private readonly string _model;
    private readonly HubTestServer _server;
    private readonly List<string> _progress = [];
    private readonly List<DownloadProgress> _transfers = [];

    public HubFetchTests()
    {
        _model = Path.Combine(_temp.Path, "model");
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), _model);
        // Files a run does not need, which the fetch must leave on the hub.
        _server = HubTestServer.ForDirectory(Repo, _model, ("pytorch_model.bin", [1, 2, 3]), ("README.md", "# model"u8.ToArray()),
            ("onnx/model_quantized.onnx", [4, 5, 6]));
    }

    private string CacheRoot => Path.Combine(_temp.Path, "hub");
    private HubCache Cache => new(CacheRoot, HubRepoId.Parse(Repo));
    private HubSettings Settings(string? token = null, bool offline = false, double timeoutSeconds = 10) =>
        new(_server.Endpoint, CacheRoot, token, offline, TimeSpan.FromSeconds(timeoutSeconds));

    private string Fetch(HubSettings settings, string? revision = null, string repo = Repo) =>
        new HubFetcher(settings, line => { lock (_progress) _progress.Add(line); }, report => { lock (_transfers) _transfers.Add(report); })
            .Fetch(repo, revision);

    private DownloadProgress[] TransfersOf(string file) => _transfers.Where(t => t.File == file).ToArray();

    /// <summary>One transfer's reports: Started at its offset, bytes that never go back, Finished at the file's size.</summary>
    private static void AssertOneWholeTransfer(DownloadProgress[] reports, long from, long size)
    {
        Assert.Equal(DownloadPhase.Started, reports[0].Phase);
        Assert.Equal(from, reports[0].BytesDone);
        Assert.Equal(DownloadPhase.Finished, reports[^1].Phase);
        Assert.Equal(size, reports[^1].BytesDone);
        Assert.All(reports[1..^1], r => Assert.Equal(DownloadPhase.Receiving, r.Phase));
        Assert.All(reports, r => Assert.Equal((from, size), (r.ResumedFrom, r.TotalBytes)));
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.First.BytesDone <= pair.Second.BytesDone && pair.First.Elapsed <= pair.Second.Elapsed,
            $"{pair.First} then {pair.Second}"));
    }

    private byte[] Original(string file) => File.ReadAllBytes(Path.Combine(_model, file));

    [Fact]
    public void Fetch_lays_out_blobs_snapshots_and_refs_as_huggingface_hub_does_and_the_snapshot_loads()
    {
        _server.RequiredToken = Token;
        string snapshot = Fetch(Settings(Token));

        Assert.Equal(Cache.SnapshotPath(_server.Commit), snapshot);
        Assert.Equal(_server.Commit, File.ReadAllText(Path.Combine(Cache.RepoPath, "refs", "main")));
        byte[] weights = Original("model.safetensors");
        var link = new FileInfo(Path.Combine(snapshot, "model.safetensors"));
        Assert.Equal($"../../blobs/{HubTestServer.Sha256(weights)}", link.LinkTarget);
        Assert.Equal($"../../../blobs/{HubTestServer.Sha256(Original("onnx/model.onnx"))}", new FileInfo(Path.Combine(snapshot, "onnx", "model.onnx")).LinkTarget);
        Assert.Equal($"../../blobs/{HubTestServer.GitBlobId(Original("config.json"))}", new FileInfo(Path.Combine(snapshot, "config.json")).LinkTarget);
        Assert.Equal(weights, File.ReadAllBytes(link.FullName));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Cache.RepoPath, "blobs"), "*" + HubCache.IncompleteSuffix));

        // Only what a run needs: no .bin weights, README or quantized ONNX variants.
        // The ONNX export keeps its weights in external data, which the fetch brings beside model.onnx.
        Assert.Equal(["config.json", "model.safetensors", "onnx/model.onnx", "onnx/model.onnx_data", "tokenizer_config.json"],
            Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(snapshot, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

        // The token goes to the hub, never to the host the large files are redirected to, and never into the output.
        Assert.All(_server.RequestsFor("/api/models/"), r => Assert.Contains($"Authorization: Bearer {Token}", r));
        var cdn = _server.RequestsFor("/cdn/").ToList();
        Assert.NotEmpty(cdn);
        Assert.All(cdn, r => Assert.DoesNotContain("Authorization", r));
        Assert.DoesNotContain(_progress, line => line.Contains(Token));

        var model = new ModelDirectory(snapshot, "gpt2-test").Check();
        Assert.Equal("gpt2", model.Config.ModelType);
    }

    [Fact]
    public void A_connection_dropped_mid_file_resumes_with_Range_and_the_file_is_byte_identical()
    {
        _server.DropsLeft = 1;
        string snapshot = Fetch(Settings());

        var ranges = _server.RequestsFor("/cdn/model.safetensors").Where(r => r.Contains("Range: bytes=")).ToList();
        Assert.Single(ranges);
        Assert.DoesNotContain("Range: bytes=0-", ranges[0]);
        Assert.Equal(Original("model.safetensors"), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.Contains(_progress, line => line.StartsWith("model.safetensors: connection lost", StringComparison.Ordinal));
        Assert.Contains(TransfersOf("model.safetensors"), t => t.Phase == DownloadPhase.Started && t.ResumedFrom > 0);
    }

    [Fact]
    public void Each_download_reports_its_bytes_from_the_start_to_the_file_size()
    {
        Fetch(Settings());

        foreach (string file in new[] { "config.json", "model.safetensors", "onnx/model.onnx", "tokenizer_config.json" })
            AssertOneWholeTransfer(TransfersOf(file), from: 0, size: Original(file).Length);
        Assert.Empty(_transfers.Where(t => t.File is "README.md" or "pytorch_model.bin"));

        int reports = _transfers.Count;
        Fetch(Settings());
        Assert.Equal(reports, _transfers.Count); // in the cache: nothing to transfer
    }

    [Fact]
    public void A_resumed_download_reports_from_the_offset_it_asked_for_to_the_file_size()
    {
        _server.DropsLeft = 1;
        Fetch(Settings());

        string range = Assert.Single(_server.RequestsFor("/cdn/model.safetensors").SelectMany(r => r.Split('\n')), l => l.StartsWith("Range: bytes=", StringComparison.Ordinal));
        long offset = long.Parse(range["Range: bytes=".Length..].Trim().TrimEnd('-'));
        Assert.InRange(offset, 1, Original("model.safetensors").Length - 1);

        var reports = TransfersOf("model.safetensors");
        int second = Array.FindLastIndex(reports, r => r.Phase == DownloadPhase.Started);
        Assert.Equal(1, reports.Count(r => r.Phase == DownloadPhase.Started && r.ResumedFrom == 0)); // the broken transfer...
        Assert.DoesNotContain(reports[..second], r => r.Phase == DownloadPhase.Finished); // ...never finished
        Assert.All(reports[..second], r => Assert.InRange(r.BytesDone, 0, offset));
        AssertOneWholeTransfer(reports[second..], from: offset, size: Original("model.safetensors").Length);
    }

    [Fact]
    public void A_fetch_that_keeps_breaking_leaves_only_an_incomplete_blob_which_the_next_fetch_resumes()
    {
        _server.DropsLeft = BlobDownload.MaxAttempts;
        var error = Assert.Throws<HubException>(() => Fetch(Settings()));
        Assert.Contains("run the fetch again to resume", error.Message);

        byte[] weights = Original("model.safetensors");
        string blob = Cache.BlobPath(HubTestServer.Sha256(weights));
        Assert.False(File.Exists(blob));
        Assert.True(File.Exists(blob + HubCache.IncompleteSuffix));
        Assert.False(Cache.HasSnapshotFile(_server.Commit, "model.safetensors"));
        Assert.False(Directory.Exists(Path.Combine(Cache.RepoPath, "refs"))); // offline use must not find a half-fetched revision

        _server.DropsLeft = 0;
        int before = _server.Requests.Count;
        string snapshot = Fetch(Settings());
        Assert.Contains(_server.Requests.Skip(before), r => r.Contains("/cdn/model.safetensors") && r.Contains("Range: bytes="));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.False(File.Exists(blob + HubCache.IncompleteSuffix));
    }

    [Fact]
    public void A_listing_without_blob_ids_is_completed_by_HEAD_requests_and_still_verified()
    {
        _server.ListNamesOnly = true;
        string snapshot = Fetch(Settings());

        Assert.Contains(_server.Requests, r => r.StartsWith("HEAD ", StringComparison.Ordinal) && r.Contains("/resolve/"));
        byte[] weights = Original("model.safetensors");
        Assert.Equal($"../../blobs/{HubTestServer.Sha256(weights)}", new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));

        _server.CorruptFile = "tokenizer_config.json";
        File.Delete(Path.Combine(snapshot, "tokenizer_config.json"));
        File.Delete(Cache.BlobPath(HubTestServer.GitBlobId(Original("tokenizer_config.json"))));
        Assert.Contains("checksum", Assert.Throws<HubException>(() => Fetch(Settings())).Message);
    }

    [Fact]
    public void A_wrong_checksum_deletes_the_blob_and_says_so()
    {
        _server.CorruptFile = "model.safetensors";
        var error = Assert.Throws<HubException>(() => Fetch(Settings()));

        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("checksum", error.Message);
        Assert.Contains("deleted", error.Message);
        string blob = Cache.BlobPath(HubTestServer.Sha256(Original("model.safetensors")));
        Assert.False(File.Exists(blob));
        Assert.False(File.Exists(blob + HubCache.IncompleteSuffix));
        Assert.False(Cache.HasSnapshotFile(_server.Commit, "model.safetensors"));
    }

    [Fact]
    public void A_wrong_checksum_of_a_small_file_is_caught_by_its_git_blob_id()
    {
        _server.CorruptFile = "config.json";
        var error = Assert.Throws<HubException>(() => Fetch(Settings()));
        Assert.Contains("config.json", error.Message);
        Assert.Contains("checksum", error.Message);
        Assert.False(File.Exists(Cache.BlobPath(HubTestServer.GitBlobId(Original("config.json")))));
    }

    [Fact]
    public void Headers_that_disagree_with_the_listing_keep_nothing()
    {
        _server.MisstateEtag = true;
        var error = Assert.Throws<HubException>(() => Fetch(Settings()));
        Assert.Contains("disagrees with its listing", error.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Cache.RepoPath, "blobs"), "*.incomplete"));
        Assert.False(Cache.HasSnapshotFile(_server.Commit, "model.safetensors"));
    }

    [Fact]
    public void Without_a_token_a_private_repo_gives_one_line_naming_HF_TOKEN()
    {
        _server.RequiredToken = Token;
        var error = Assert.Throws<HubException>(() => Fetch(Settings()));
        Assert.Contains("401", error.Message);
        Assert.Contains("HF_TOKEN", error.Message);
        Assert.Contains($"{_server.Endpoint}/{Repo}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_refused_token_is_named_but_never_shown()
    {
        _server.RequiredToken = "hf_theRightOne";
        var error = Assert.Throws<HubException>(() => Fetch(Settings(Token)));
        Assert.Contains("403", error.Message);
        Assert.Contains("lacks access", error.Message);
        Assert.DoesNotContain(Token, error.Message);
        Assert.DoesNotContain(_progress, line => line.Contains(Token));
    }

    [Fact]
    public void A_gated_repo_says_how_to_get_access()
    {
        _server.Gated = true;
        var error = Assert.Throws<HubException>(() => Fetch(Settings(Token)));
        Assert.Contains("gated", error.Message);
        Assert.Contains("accept its licence", error.Message);
        Assert.DoesNotContain(Token, error.Message);
    }

    [Fact]
    public void A_missing_repo_and_a_missing_revision_are_named()
    {
        var repo = Assert.Throws<HubException>(() => Fetch(Settings(), repo: "test-org/no-such-model"));
        Assert.Contains("test-org/no-such-model", repo.Message);
        Assert.Contains("404", repo.Message);

        var revision = Assert.Throws<HubException>(() => Fetch(Settings(), revision: "v9"));
        Assert.Contains("revision 'v9' not found", revision.Message);
    }

    [Fact]
    public void A_revision_by_commit_fetches_that_snapshot_and_writes_no_ref()
    {
        string snapshot = Fetch(Settings(), revision: _server.Commit);
        Assert.Equal(Cache.SnapshotPath(_server.Commit), snapshot);
        Assert.Contains(_server.Requests, r => r.Contains($"/revision/{_server.Commit}"));
        Assert.Contains(_server.Requests, r => r.Contains($"/resolve/{_server.Commit}/config.json"));
        Assert.False(Directory.Exists(Path.Combine(Cache.RepoPath, "refs")));
        new ModelDirectory(snapshot, "gpt2-test").Check();
    }

    [Fact]
    public void A_cached_model_is_not_downloaded_again_and_offline_uses_the_cache_alone()
    {
        string first = Fetch(Settings());
        int resolves = _server.RequestsFor("/resolve/").Count();

        Assert.Equal(first, Fetch(Settings()));
        Assert.Equal(resolves, _server.RequestsFor("/resolve/").Count()); // only the listing was asked again

        int requests = _server.Requests.Count;
        Assert.Equal(first, Fetch(Settings(offline: true)));
        Assert.Equal(first, Fetch(Settings(offline: true), revision: _server.Commit));
        Assert.Equal(requests, _server.Requests.Count);
    }

    [Fact]
    public void A_blob_already_in_the_cache_is_linked_without_a_download()
    {
        Fetch(Settings());
        string link = Cache.SnapshotFile(_server.Commit, "model.safetensors");
        File.Delete(link); // as if another snapshot had fetched the same weights
        int cdn = _server.RequestsFor("/cdn/").Count();

        Fetch(Settings());
        Assert.Equal(cdn, _server.RequestsFor("/cdn/").Count());
        Assert.Equal(Original("model.safetensors"), File.ReadAllBytes(link));
    }

    [Fact]
    public void Offline_without_the_model_in_the_cache_names_what_is_missing()
    {
        var absent = Assert.Throws<HubException>(() => Fetch(Settings(offline: true)));
        Assert.Contains($"{Repo}@main is not in the cache", absent.Message);
        Assert.Empty(_server.Requests);

        Fetch(Settings());
        File.Delete(Cache.SnapshotFile(_server.Commit, "model.safetensors"));
        var partial = Assert.Throws<HubException>(() => Fetch(Settings(offline: true)));
        Assert.Contains("lacks *.safetensors weights", partial.Message);
    }

    [Fact]
    public void A_repo_with_only_pytorch_weights_says_safetensors_are_needed_and_how_to_convert()
    {
        using var server = new HubTestServer(Repo, new Dictionary<string, byte[]>
        {
            ["config.json"] = Original("config.json"), ["pytorch_model.bin"] = [1, 2, 3],
        });
        var error = Assert.Throws<HubException>(() =>
            new HubFetcher(Settings() with { Endpoint = server.Endpoint }, _ => { }).Fetch(Repo));
        Assert.Contains("safetensors", error.Message);
        Assert.Contains("safe_serialization=True", error.Message);
    }

    [Fact]
    public void No_network_and_a_silent_server_each_give_one_line()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var unreachable = Assert.Throws<HubException>(() => Fetch(Settings() with { Endpoint = $"http://127.0.0.1:{closedPort}" }));
        Assert.Contains("cannot reach", unreachable.Message);
        Assert.Contains("--offline", unreachable.Message);

        _server.ListingDelay = TimeSpan.FromSeconds(5);
        var slow = Assert.Throws<HubException>(() => Fetch(Settings(timeoutSeconds: 0.5)));
        Assert.Contains("did not answer within 0.5 s", slow.Message);
        Assert.Contains("HF_HUB_DOWNLOAD_TIMEOUT", slow.Message);
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }
}
