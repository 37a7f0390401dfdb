using System.Text.RegularExpressions;

namespace EnergyBench.Models.Hub;

/// <summary>A model repository on the hub, <c>org/name</c> (or a legacy single <c>name</c>), and its folder name in the cache.</summary>
public sealed partial record HubRepoId(string Value)
{
    public static HubRepoId Parse(string value)
    {
        // The hub's own rule: letters, digits, '-', '_', '.', at most one '/', and never "--" or ".." (they would make cache names ambiguous).
        if (!Pattern().IsMatch(value) || value.Contains("--") || value.Contains(".."))
            throw new ArgumentException($"'{value}' is not a hub model id (expected org/name, e.g. bigcode/tiny_starcoder_py)");
        return new HubRepoId(value);
    }

    private const string CacheFolderPrefix = "models--";

    /// <summary>The cache folder huggingface_hub uses: <c>models--org--name</c>.</summary>
    public string CacheFolderName => CacheFolderPrefix + Value.Replace("/", "--");

    /// <summary>The repo a cache folder (<c>models--org--name</c>) holds, or null for a folder of another kind.</summary>
    public static HubRepoId? FromCacheFolderName(string folder) =>
        folder.StartsWith(CacheFolderPrefix, StringComparison.Ordinal) && folder.Length > CacheFolderPrefix.Length
            ? new HubRepoId(folder[CacheFolderPrefix.Length..].Replace("--", "/"))
            : null;

    /// <summary>The id as it appears in a URL path (each part escaped, the '/' kept).</summary>
    public string UrlPath => string.Join('/', Value.Split('/').Select(Uri.EscapeDataString));

    public override string ToString() => Value;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$")]
    private static partial Regex Pattern();
}
