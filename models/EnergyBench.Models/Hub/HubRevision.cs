using System.Text.Json;

namespace EnergyBench.Models.Hub;

/// <summary>One file of a revision as the hub lists it: its git blob id, its size and, for a large (LFS) file, the SHA-256 of its content.</summary>
public sealed record HubFile(string Name, long? Size, string? BlobId, string? LfsSha256)
{
    /// <summary>The blob's name in the cache, as huggingface_hub names it: the LFS SHA-256, else the git blob id.</summary>
    public string? ExpectedEtag => LfsSha256 ?? BlobId;
}

/// <summary>A revision of a model repository: the commit it resolves to and its files (<c>GET /api/models/{id}/revision/{rev}?blobs=true</c>).</summary>
public sealed record HubRevision(string Commit, IReadOnlyList<HubFile> Files)
{
    public static HubRevision Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string commit = root.TryGetProperty("sha", out var sha) && sha.ValueKind == JsonValueKind.String
                ? sha.GetString()!
                : throw new HubException($"{source}: the hub's answer has no commit sha");
            if (!HubCache.IsCommit(commit))
                throw new HubException($"{source}: the hub's answer names '{commit}' as its commit, which is not a commit sha");
            var files = new List<HubFile>();
            if (root.TryGetProperty("siblings", out var siblings) && siblings.ValueKind == JsonValueKind.Array)
                foreach (var sibling in siblings.EnumerateArray())
                {
                    string name = sibling.GetProperty("rfilename").GetString()!;
                    long? size = sibling.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
                    string? blob = sibling.TryGetProperty("blobId", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
                    string? sha256 = null;
                    if (sibling.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
                    {
                        sha256 = lfs.TryGetProperty("sha256", out var h) ? h.GetString() : null;
                        if (lfs.TryGetProperty("size", out var ls) && ls.ValueKind == JsonValueKind.Number)
                            size = ls.GetInt64();
                    }
                    files.Add(new HubFile(name, size, blob, sha256));
                }
            return new HubRevision(commit, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException($"{source}: the hub's answer is not a revision listing ({e.Message})", e);
        }
    }
}
