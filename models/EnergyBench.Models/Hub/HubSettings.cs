namespace EnergyBench.Models.Hub;

/// <summary>
/// Where the hub and its cache are, read from the environment variables Hugging Face's own clients read:
/// <c>HF_ENDPOINT</c>, <c>HF_HUB_CACHE</c> / <c>HF_HOME</c>, <c>HF_TOKEN</c> (else the token file <c>hf auth login</c>
/// writes), <c>HF_HUB_OFFLINE</c> and <c>HF_HUB_DOWNLOAD_TIMEOUT</c>.
/// </summary>
public sealed record HubSettings(string Endpoint, string CacheRoot, string? Token, bool Offline, TimeSpan Timeout)
{
    public const string DefaultEndpoint = "https://huggingface.co";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static HubSettings FromEnvironment(string? tokenFile = null, bool offline = false) =>
        FromEnvironment(Environment.GetEnvironmentVariable, tokenFile, offline);

    public static HubSettings FromEnvironment(Func<string, string?> environment, string? tokenFile, bool offline)
    {
        string home = NonEmpty(environment("HF_HOME"))
                      ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");
        string cache = NonEmpty(environment("HF_HUB_CACHE")) ?? Path.Combine(home, "hub");
        string endpoint = (NonEmpty(environment("HF_ENDPOINT")) ?? DefaultEndpoint).TrimEnd('/');
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ArgumentException($"HF_ENDPOINT '{endpoint}' is not an http(s) URL");

        string? token = tokenFile is not null
            ? ReadTokenFile(tokenFile, required: true)
            : NonEmpty(environment("HF_TOKEN")) ?? ReadTokenFile(NonEmpty(environment("HF_TOKEN_PATH")) ?? Path.Combine(home, "token"), required: false);

        bool offlineByEnvironment = NonEmpty(environment("HF_HUB_OFFLINE")) is { } flag && IsTrue(flag);

        var timeout = DefaultTimeout;
        if (NonEmpty(environment("HF_HUB_DOWNLOAD_TIMEOUT")) is { } seconds)
            timeout = double.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"HF_HUB_DOWNLOAD_TIMEOUT '{seconds}' is not a positive number of seconds");

        return new HubSettings(endpoint, Path.GetFullPath(cache), token, offline || offlineByEnvironment, timeout);
    }

    private static string? ReadTokenFile(string path, bool required)
    {
        if (!File.Exists(path))
            return required ? throw new ArgumentException($"{path}: token file not found") : null;
        string token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
            return required ? throw new ArgumentException($"{path}: token file is empty") : null;
        return token;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsTrue(string value) => value.ToLowerInvariant() is "1" or "true" or "yes" or "on";

    public override string ToString() => $"{Endpoint}, cache {CacheRoot}{(Offline ? ", offline" : "")}"; // never the token
}
