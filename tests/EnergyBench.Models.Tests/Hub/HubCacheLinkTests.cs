using EnergyBench.Models.Hub;

namespace EnergyBench.Models.Tests.Hub;

/// <summary>Snapshot files on a file system where symlinks cannot be made: copies of their blobs, as huggingface_hub makes them.</summary>
public sealed class HubCacheLinkTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempDirectory _temp = new();

    private HubCache CacheWithoutSymlinks(Exception refusal) =>
        new(_temp.Path, HubRepoId.Parse("test-org/model"), (_, _) => throw refusal);

    private static void WriteBlob(HubCache cache, string etag, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(cache.BlobPath(etag))!);
        File.WriteAllBytes(cache.BlobPath(etag), content);
    }

    public static TheoryData<string> Refusals => ["IOException", "UnauthorizedAccessException", "PlatformNotSupportedException"];

    private static Exception Refusal(string name) => name switch
    {
        "IOException" => new IOException("A required privilege is not held by the client"),
        "UnauthorizedAccessException" => new UnauthorizedAccessException("Operation not permitted"),
        _ => new PlatformNotSupportedException(),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Where_a_symlink_is_refused_the_snapshot_file_is_a_copy_of_its_blob(string refusal)
    {
        var cache = CacheWithoutSymlinks(Refusal(refusal));
        byte[] content = [1, 2, 3, 4, 5];
        WriteBlob(cache, "etag-one", content);

        cache.Link(Commit, "onnx/model.onnx", "etag-one");

        var file = new FileInfo(cache.SnapshotFile(Commit, "onnx/model.onnx"));
        Assert.True(file.Exists);
        Assert.Null(file.LinkTarget);
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.True(cache.HasSnapshotFile(Commit, "onnx/model.onnx"));
        Assert.Equal(content, File.ReadAllBytes(cache.BlobPath("etag-one"))); // the blob stays for other snapshots
        Assert.Equal(["model.onnx"], Directory.EnumerateFiles(file.DirectoryName!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_copy_is_replaced_when_the_file_is_linked_to_another_blob()
    {
        var cache = CacheWithoutSymlinks(new IOException("no symlinks here"));
        WriteBlob(cache, "etag-old", [1, 1, 1]);
        WriteBlob(cache, "etag-new", [2, 2]);

        cache.Link(Commit, "config.json", "etag-old");
        cache.Link(Commit, "config.json", "etag-new");

        Assert.Equal([2, 2], File.ReadAllBytes(cache.SnapshotFile(Commit, "config.json")));
    }

    [Fact]
    public void A_copy_cut_short_is_not_taken_for_the_file_and_the_next_link_completes_it()
    {
        var cache = CacheWithoutSymlinks(new IOException("no symlinks here"));
        byte[] content = [7, 8, 9];
        WriteBlob(cache, "etag-one", content);
        string snapshotFile = cache.SnapshotFile(Commit, "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(snapshotFile)!);
        File.WriteAllBytes(snapshotFile + HubCache.IncompleteSuffix, [7]); // as a copy interrupted by a crash leaves it

        Assert.False(cache.HasSnapshotFile(Commit, "model.safetensors"));
        cache.Link(Commit, "model.safetensors", "etag-one");

        Assert.Equal(content, File.ReadAllBytes(snapshotFile));
        Assert.False(File.Exists(snapshotFile + HubCache.IncompleteSuffix));
    }

    public void Dispose() => _temp.Dispose();
}
