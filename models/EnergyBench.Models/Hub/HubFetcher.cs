namespace EnergyBench.Models.Hub;

/// <summary>
/// Fetches the files a model needs from the hub into Hugging Face's cache and returns the snapshot folder, which is a
/// normal model directory. Files already in the cache (from an earlier fetch or from Python) are not downloaded again;
/// offline, only the cache is consulted. What happens goes to <paramref name="progress"/> as lines, the bytes of each
/// download to <paramref name="transfer"/>.
/// </summary>
public sealed class HubFetcher(HubSettings settings, Action<string> progress, Action<DownloadProgress>? transfer = null)
{
    public const string DefaultRevision = "main";

    public string Fetch(string repoId, string? revision = null)
    {
        var repo = HubRepoId.Parse(repoId);
        string rev = string.IsNullOrWhiteSpace(revision) ? DefaultRevision : revision.Trim();
        if (rev.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"revision '{rev}' is not a branch, tag or commit");
        var cache = new HubCache(settings.CacheRoot, repo);
        return settings.Offline ? FromCache(cache, rev) : Download(cache, rev);
    }

    private static string FromCache(HubCache cache, string revision)
    {
        string? commit = cache.ResolveCommit(revision);
        if (commit is null)
            throw new HubException($"offline (HF_HUB_OFFLINE / --offline): {cache.Repo}@{revision} is not in the cache {cache.RepoPath}; fetch it once with the network");
        var missing = cache.MissingForModel(commit);
        if (missing.Count > 0)
            throw new HubException($"offline (HF_HUB_OFFLINE / --offline): the cached snapshot {cache.SnapshotPath(commit)} lacks {string.Join(", ", missing)}; fetch it once with the network");
        return cache.SnapshotPath(commit);
    }

    private string Download(HubCache cache, string revision)
    {
        using var client = new HubClient(settings);
        progress($"{cache.Repo}@{revision}: asking {settings.Endpoint}");
        var listing = client.GetRevisionAsync(cache.Repo, revision).GetAwaiter().GetResult();
        string commit = listing.Commit;
        var files = HubFileSelection.Select(cache.Repo, revision, listing.Files);
        var download = new BlobDownload(client, progress, transfer ?? (_ => { }));
        foreach (var file in files)
        {
            var context = new HubErrorContext(cache.Repo, revision, file.Name);
            if (cache.HasSnapshotFile(commit, file.Name))
            {
                progress($"{file.Name}: in the cache");
                continue;
            }
            var url = client.ResolveUrl(cache.Repo, commit, file.Name);
            string etag = file.ExpectedEtag ?? AskEtag(client, url, context);
            string blob = cache.BlobPath(etag);
            if (File.Exists(blob))
                progress($"{file.Name}: blob in the cache");
            else
                download.Run(file, url, context, etag, blob);
            cache.Link(commit, file.Name, etag);
        }
        cache.WriteRef(revision, commit);
        return cache.SnapshotPath(commit);
    }

    /// <summary>A listing without blob ids: the etag comes from a HEAD request, as huggingface_hub gets it.</summary>
    private static string AskEtag(HubClient client, Uri url, HubErrorContext context)
    {
        using var answer = client.SendAsync(HttpMethod.Head, url, 0, context).GetAwaiter().GetResult();
        return answer.Etag is { } etag && !etag.Contains('/') && !etag.Contains("..")
            ? etag
            : throw new HubException($"{context.Describe()}: the hub states no ETag, so the file cannot be verified or cached");
    }
}
