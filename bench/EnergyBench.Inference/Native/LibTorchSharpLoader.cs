using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Native;

/// <summary>
/// Makes TorchSharp 0.107.0 load on Linux systems whose libstdc++ is older than GCC 13 (Debian 12, Ubuntu 22.04).
/// Its <c>libLibTorchSharp.so</c> requires GLIBCXX_3.4.32 only because GCC 13's &lt;iostream&gt; emits the marker
/// symbol <c>std::ios_base_library_init</c>, which nothing calls. If the library does not load as shipped, a copy with
/// that requirement marked weak is written beside it (so its $ORIGIN run path still finds libtorch) and loaded
/// first; it keeps the library's SONAME, so TorchSharp's own load binds to the already loaded copy.
/// </summary>
public static class LibTorchSharpLoader
{
    public const string LibraryName = "libLibTorchSharp.so";
    public const string PatchedName = "libLibTorchSharp.glibcxx-weak.so";
    public static readonly IReadOnlySet<string> MarkerOnlyVersions = new HashSet<string> { "GLIBCXX_3.4.32" };

    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native library once per process; returns what was loaded ("as shipped" or the patched copy's path).</summary>
    public static string EnsureLoaded() => Loaded.Value;

    private static string Load()
    {
        if (!OperatingSystem.IsLinux())
            return "as shipped";
        string original = Find()
            ?? throw new DllNotFoundException($"{LibraryName} not found under {AppContext.BaseDirectory} (is the TorchSharp-cpu or TorchSharp-cuda-linux package referenced?)");
        if (NativeLibrary.TryLoad(original, out _))
            return "as shipped";

        string patched = WritePatchedCopy(original);
        try
        {
            NativeLibrary.Load(patched);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"{original} does not load, even with GLIBCXX_3.4.32 marked weak: {FirstLine(e.Message)}", e);
        }
        return patched;
    }

    /// <summary>Where TorchSharp looks: the app's runtimes/linux-x64/native folder, or the app folder itself.</summary>
    private static string? Find() =>
        new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryName),
            Path.Combine(AppContext.BaseDirectory, LibraryName),
        }.FirstOrDefault(File.Exists);

    /// <summary>Writes (or reuses) the patched copy next to <paramref name="original"/>; safe when processes race.</summary>
    public static string WritePatchedCopy(string original)
    {
        string target = Path.Combine(Path.GetDirectoryName(original)!, PatchedName);
        var source = new FileInfo(original);
        if (File.Exists(target) && File.GetLastWriteTimeUtc(target) >= source.LastWriteTimeUtc && new FileInfo(target).Length == source.Length)
            return target;

        byte[] elf = File.ReadAllBytes(original);
        ElfVersionPatcher.Weaken(elf, MarkerOnlyVersions);
        string temporary = $"{target}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, elf);
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
