using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Native;

/// <summary>
/// libtorch's intra-op threads are OpenMP threads (GNU libgomp on Linux), which by default spin at the end of every
/// parallel region before they sleep. A decode step has about a hundred such regions (each matmul, each attention); on
/// a machine that shares its cores with other work the spinning threads lose their turn to the other processes at
/// nearly every one (codeparrot-small on 2 loaded cores: 3 tokens/s spinning, 19 waiting passively), and the time
/// spent spinning is energy spent on no work. Unless the environment already chooses (OMP_WAIT_POLICY or
/// GOMP_SPINCOUNT), the threads therefore wait passively. libgomp reads its environment once, when it is loaded, so
/// this runs before libtorch loads; the native environment is set, as .NET keeps its own copy.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";
    public const string SpinCountVariable = "GOMP_SPINCOUNT";
    public const string Passive = "PASSIVE";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless either variable is already set there.</summary>
    public static void ApplyBeforeLoad()
    {
        if (OperatingSystem.IsWindows() || Get(Variable) is not null || Get(SpinCountVariable) is not null)
            return;
        if (SetEnvironment(Variable, Passive, 0) != 0)
            throw new InvalidOperationException($"cannot set {Variable} in the native environment (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>What a report shows: the variables as the native environment holds them, or libgomp's default.</summary>
    public static string Describe()
    {
        if (OperatingSystem.IsWindows())
            return "runtime default";
        string? policy = Get(Variable), spinCount = Get(SpinCountVariable);
        if (policy is null && spinCount is null)
            return "runtime default (spin, then sleep)";
        return string.Join(", ", new[] { (Variable, policy), (SpinCountVariable, spinCount) }
            .Where(pair => pair.Item2 is not null)
            .Select(pair => $"{pair.Item1}={pair.Item2}"));
    }

    /// <summary>The native environment's value, which can differ from <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public static string? Get(string name) => OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringUTF8(GetEnvironment(name));

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
