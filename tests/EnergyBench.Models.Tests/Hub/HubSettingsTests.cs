using EnergyBench.Models.Hub;

namespace EnergyBench.Models.Tests.Hub;

public sealed class HubSettingsTests
{
    private static HubSettings From(Dictionary<string, string> environment, string? tokenFile = null, bool offline = false) =>
        HubSettings.FromEnvironment(name => environment.GetValueOrDefault(name), tokenFile, offline);

    [Fact]
    public void The_cache_is_HF_HUB_CACHE_else_HF_HOME_hub_else_the_users_cache()
    {
        using var temp = new TempDirectory();
        Assert.Equal(temp.File("cache"), From(new() { ["HF_HUB_CACHE"] = temp.File("cache"), ["HF_HOME"] = temp.File("home") }).CacheRoot);
        Assert.Equal(Path.Combine(temp.File("home"), "hub"), From(new() { ["HF_HOME"] = temp.File("home") }).CacheRoot);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), From(new() { ["HF_TOKEN"] = "x" }).CacheRoot);
    }

    [Fact]
    public void The_endpoint_defaults_to_the_public_hub_and_offline_follows_HF_HUB_OFFLINE()
    {
        using var temp = new TempDirectory();
        var settings = From(new() { ["HF_HOME"] = temp.Path });
        Assert.Equal("https://huggingface.co", settings.Endpoint);
        Assert.False(settings.Offline);
        Assert.True(From(new() { ["HF_HOME"] = temp.Path, ["HF_HUB_OFFLINE"] = "1" }).Offline);
        Assert.True(From(new() { ["HF_HOME"] = temp.Path }, offline: true).Offline);
        Assert.Equal("http://127.0.0.1:9", From(new() { ["HF_HOME"] = temp.Path, ["HF_ENDPOINT"] = "http://127.0.0.1:9/" }).Endpoint);
        Assert.Throws<ArgumentException>(() => From(new() { ["HF_HOME"] = temp.Path, ["HF_ENDPOINT"] = "huggingface.co" }));
    }

    [Fact]
    public void The_token_comes_from_the_token_file_else_HF_TOKEN_else_the_login_file_and_is_never_in_ToString()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("token"), "hf_fromLogin\n");
        File.WriteAllText(temp.File("mine"), " hf_fromFile \n");
        Assert.Equal("hf_fromLogin", From(new() { ["HF_HOME"] = temp.Path }).Token);
        Assert.Equal("hf_fromEnv", From(new() { ["HF_HOME"] = temp.Path, ["HF_TOKEN"] = "hf_fromEnv" }).Token);
        var settings = From(new() { ["HF_HOME"] = temp.Path, ["HF_TOKEN"] = "hf_fromEnv" }, tokenFile: temp.File("mine"));
        Assert.Equal("hf_fromFile", settings.Token);
        Assert.DoesNotContain("hf_from", settings.ToString());
        var missing = Assert.Throws<ArgumentException>(() => From(new() { ["HF_HOME"] = temp.Path }, tokenFile: temp.File("absent")));
        Assert.Contains("token file not found", missing.Message);
    }

    [Theory]
    [InlineData("bigcode/tiny_starcoder_py", "models--bigcode--tiny_starcoder_py")]
    [InlineData("gpt2", "models--gpt2")]
    public void Repo_ids_map_to_the_cache_folder_names_of_huggingface_hub(string id, string folder) =>
        Assert.Equal(folder, HubRepoId.Parse(id).CacheFolderName);

    [Theory]
    [InlineData("a/b/c")]
    [InlineData("../etc")]
    [InlineData("org--x/name")]
    [InlineData("")]
    public void Malformed_repo_ids_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => HubRepoId.Parse(id));
}
