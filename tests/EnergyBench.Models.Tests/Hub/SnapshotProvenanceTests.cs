using EnergyBench.Models.Hub;

namespace EnergyBench.Models.Tests.Hub;

/// <summary>A model run from the Hugging Face cache names the repo and commit it ran, in every report.</summary>
public class SnapshotProvenanceTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void A_snapshot_folder_names_its_repo_and_commit()
    {
        using var dir = new TempDirectory();
        string snapshot = Path.Combine(dir.Path, "models--bigcode--tiny_starcoder_py", "snapshots", Commit);
        Directory.CreateDirectory(snapshot);
        File.WriteAllText(Path.Combine(snapshot, "config.json"), "{}");

        Assert.Equal(("bigcode/tiny_starcoder_py", Commit), HubCache.SnapshotOf(snapshot + "/"));
        Assert.Equal($"real (bigcode/tiny_starcoder_py@{Commit})", new ModelDirectory(snapshot, "tiny_starcoder_py").WeightsProvenance);
    }

    [Theory]
    [InlineData("models--bigcode--tiny_starcoder_py/snapshots/main")]
    [InlineData("models--bigcode--tiny_starcoder_py/blobs/" + Commit)]
    [InlineData("bigcode--tiny_starcoder_py/snapshots/" + Commit)]
    public void Other_folders_are_not_taken_for_snapshots(string relative)
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, relative);
        Directory.CreateDirectory(folder);
        Assert.Null(HubCache.SnapshotOf(folder));
        Assert.Equal("real", new ModelDirectory(folder, "m").WeightsProvenance);
    }
}
