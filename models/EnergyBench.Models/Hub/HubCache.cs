using System.Text.Json;

namespace EnergyBench.Models.Hub;

/// <summary>
/// One repo's folder in Hugging Face's cache, laid out as huggingface_hub lays it out, so either side uses what the
/// other downloaded: <c>blobs/{etag}</c> (the content), <c>snapshots/{commit}/{file}</c> (relative symlinks to blobs)
/// and <c>refs/{revision}</c> (the commit a branch or tag pointed to when it was last fetched).
/// </summary>
public sealed class HubCache(string cacheRoot, HubRepoId repo)
{
    public const string IncompleteSuffix = ".incomplete";

    private readonly Action<string, string> _createSymlink = (link, target) => File.CreateSymbolicLink(link, target);

    /// <summary>With another way of creating symlinks, so that a test can stand for a file system without them.</summary>
    internal HubCache(string cacheRoot, HubRepoId repo, Action<string, string> createSymlink) : this(cacheRoot, repo) =>
        _createSymlink = createSymlink;

    public HubRepoId Repo { get; } = repo;
    public string RepoPath { get; } = Path.Combine(cacheRoot, repo.CacheFolderName);

    public string BlobPath(string etag) => Path.Combine(RepoPath, "blobs", etag);
    public string SnapshotPath(string commit) => Path.Combine(RepoPath, "snapshots", commit);
    public string SnapshotFile(string commit, string file) => Path.Combine(SnapshotPath(commit), file.Replace('/', Path.DirectorySeparatorChar));
    private string RefPath(string revision) => Path.Combine(RepoPath, "refs", revision.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The repo and commit of a snapshot folder (<c>.../models--org--name/snapshots/&lt;commit&gt;</c>), or null for any other folder.</summary>
    public static (string Repo, string Commit)? SnapshotOf(string directory)
    {
        var snapshot = new DirectoryInfo(Path.TrimEndingDirectorySeparator(directory));
        string? repoFolder = snapshot.Parent?.Name == "snapshots" ? snapshot.Parent.Parent?.Name : null;
        return repoFolder is not null && HubRepoId.FromCacheFolderName(repoFolder) is { } repo && IsCommit(snapshot.Name)
            ? (repo.Value, snapshot.Name)
            : null;
    }

    public static bool IsCommit(string revision) => revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower);

    /// <summary>The commit a revision stands for in the cache: a commit sha itself, else what refs/{revision} holds.</summary>
    public string? ResolveCommit(string revision)
    {
        if (IsCommit(revision))
            return revision;
        string path = RefPath(revision);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { } commit && IsCommit(commit) ? commit : null;
    }

    /// <summary>Records the commit a branch or tag resolved to (huggingface_hub writes no ref for a commit sha).</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
            return;
        string path = RefPath(revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + IncompleteSuffix;
        File.WriteAllText(temporary, commit);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Puts snapshots/{commit}/{file} in place as a relative symlink to its blob, or, as huggingface_hub does, a copy
    /// where symlinks cannot be made (FAT/exFAT, Windows without the privilege).
    /// </summary>
    public void Link(string commit, string file, string etag)
    {
        string link = SnapshotFile(commit, file);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
            File.Delete(link); // a dangling or stale link
        int depth = file.Count(c => c == '/');
        string target = string.Concat(Enumerable.Repeat("../", depth + 2)) + "blobs/" + etag;
        try
        {
            _createSymlink(link, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Copied beside and renamed: a copy cut short must not pass for a cached file on the next fetch.
            string partial = link + IncompleteSuffix;
            File.Copy(BlobPath(etag), partial, overwrite: true);
            File.Move(partial, link);
        }
    }

    /// <summary>Whether snapshots/{commit}/{file} exists and reaches its content (a symlink whose blob is gone does not).</summary>
    public bool HasSnapshotFile(string commit, string file) => File.Exists(SnapshotFile(commit, file));

    /// <summary>
    /// What a cached snapshot lacks for the suite to load it: config.json, safetensors weights and every shard its index
    /// names. Empty when it is complete. This is all the offline mode can check, since it has no listing.
    /// </summary>
    public IReadOnlyList<string> MissingForModel(string commit)
    {
        string snapshot = SnapshotPath(commit);
        if (!Directory.Exists(snapshot))
            return ["the snapshot folder"];
        var missing = new List<string>();
        if (!HasSnapshotFile(commit, HubFileSelection.Config))
            missing.Add(HubFileSelection.Config);
        string index = SnapshotFile(commit, HubFileSelection.SafetensorsIndex);
        if (File.Exists(index))
            missing.AddRange(ShardsOf(index).Where(shard => !HasSnapshotFile(commit, shard)));
        else if (!Directory.EnumerateFiles(snapshot, "*.safetensors").Any(File.Exists))
            missing.Add("*.safetensors weights");
        return missing;
    }

    private static IEnumerable<string> ShardsOf(string indexPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
            return document.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()!).Distinct().ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFormatException(indexPath, $"not a safetensors index ({e.Message})");
        }
    }
}
