using System.Security.Cryptography;
using System.Text;

namespace EnergyBench.Models.Hub;

/// <summary>
/// The hub's two content identities: the SHA-256 of a large (LFS) file's content, and for a small file its git blob
/// id (SHA-1 of <c>"blob {size}\0"</c> followed by the content). Either tells whether what arrived is what the hub holds.
/// </summary>
public static class BlobChecksum
{
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);
    public static bool IsGitSha1(string? value) => value is { Length: 40 } && value.All(char.IsAsciiHexDigit);

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string GitBlobIdOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
            sha1.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    /// <summary>The checksum of the file of the kind <paramref name="expected"/> is (SHA-256 or git blob id); null when it is neither.</summary>
    public static string? ActualFor(string expected, string path) =>
        IsSha256(expected) ? Sha256Of(path) : IsGitSha1(expected) ? GitBlobIdOf(path) : null;
}
