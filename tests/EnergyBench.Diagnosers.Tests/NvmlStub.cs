using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>
/// Compiles Native/nvml_stub.c into a shared library once per test run (with the machine's C compiler, cc) and
/// scripts it through a file named by NVML_STUB_SCRIPT.
/// </summary>
public sealed partial class NvmlStub : IDisposable
{
    public const string ScriptVariable = "NVML_STUB_SCRIPT";
    private readonly TempDirectory _directory = new();

    public NvmlStub()
    {
        LibraryPath = _directory.File("libnvidia-ml-stub.so");
        string source = Path.Combine(AppContext.BaseDirectory, "Native", "nvml_stub.c");
        var start = new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O1", "-o", LibraryPath, source]) { RedirectStandardError = true };
        using var compiler = Process.Start(start) ?? throw new InvalidOperationException("cannot start cc (install a C compiler, e.g. gcc)");
        string errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
            throw new InvalidOperationException($"cc failed to build the NVML stub: {errors}");
    }

    public string LibraryPath { get; }

    /// <summary>Writes the script the stub reads at its next nvmlInit and points the environment at it.</summary>
    public void Script(string lines)
    {
        string path = _directory.File("script.txt");
        File.WriteAllText(path, lines.Replace("; ", "\n"));
        // .NET keeps its own copy of the environment; the native library reads the C runtime's.
        Environment.SetEnvironmentVariable(ScriptVariable, path);
        SetNativeEnvironment(ScriptVariable, path, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ScriptVariable, null);
        SetNativeEnvironment(ScriptVariable, "", 1);
        _directory.Dispose();
    }
}
