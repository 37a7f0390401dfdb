using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EnergyBench.Testing;

/// <summary>
/// A stand-in native library compiled from <c>Native/NAME.c</c> (copied beside the tests) with the machine's C
/// compiler, cc, and scripted through a file whose path is in an environment variable the library reads.
/// </summary>
public abstract partial class NativeStub : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _scriptVariable;

    protected NativeStub(string sourceName, string scriptVariable)
    {
        _scriptVariable = scriptVariable;
        LibraryPath = _directory.File($"lib{Path.GetFileNameWithoutExtension(sourceName)}.so");
        string source = Path.Combine(AppContext.BaseDirectory, "Native", sourceName);
        var start = new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O1", "-o", LibraryPath, source]) { RedirectStandardError = true };
        using var compiler = Process.Start(start) ?? throw new InvalidOperationException("cannot start cc (install a C compiler, e.g. gcc)");
        string errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
            throw new InvalidOperationException($"cc failed to build {sourceName}: {errors}");
    }

    public string LibraryPath { get; }

    /// <summary>Writes the script the library reads at its next initialisation ("; " separates lines).</summary>
    public void Script(string lines)
    {
        string path = _directory.File("script.txt");
        File.WriteAllText(path, lines.Replace("; ", "\n"));
        // .NET keeps its own copy of the environment; the native library reads the C runtime's.
        Environment.SetEnvironmentVariable(_scriptVariable, path);
        SetNativeEnvironment(_scriptVariable, path, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_scriptVariable, null);
        SetNativeEnvironment(_scriptVariable, "", 1);
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
