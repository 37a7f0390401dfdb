namespace EnergyBench.Models.Serving;

/// <summary>How a model is executed: TorchSharp eager modules, TorchScript, ONNX Runtime or OpenVINO.</summary>
public enum RuntimeEngine { Torch, Jit, Onnx, OpenVino }

/// <summary>Where the engine runs the model.</summary>
public enum ExecutionProvider { Cpu, Cuda }

/// <summary>
/// A serving configuration: a valid (engine, provider) pair with a stable short name (<c>torch-cpu</c>, <c>onnx-cuda</c>,
/// ...) used on the command line, in reports and in the samples files. OpenVINO on CUDA is not a configuration.
/// </summary>
public sealed record ServingConfiguration(RuntimeEngine Engine, ExecutionProvider Provider)
{
    public static IReadOnlyList<ServingConfiguration> All { get; } =
    [
        new(RuntimeEngine.Torch, ExecutionProvider.Cpu),
        new(RuntimeEngine.Jit, ExecutionProvider.Cpu),
        new(RuntimeEngine.Onnx, ExecutionProvider.Cpu),
        new(RuntimeEngine.OpenVino, ExecutionProvider.Cpu),
        new(RuntimeEngine.Torch, ExecutionProvider.Cuda),
        new(RuntimeEngine.Jit, ExecutionProvider.Cuda),
        new(RuntimeEngine.Onnx, ExecutionProvider.Cuda),
    ];

    public static ServingConfiguration TorchCpu { get; } = All[0];
    public static ServingConfiguration OnnxCpu { get; } = All[2];

    public string EngineName => Engine switch
    {
        RuntimeEngine.Torch => "torch",
        RuntimeEngine.Jit => "jit",
        RuntimeEngine.Onnx => "onnx",
        _ => "ov",
    };

    public string ProviderName => Provider == ExecutionProvider.Cpu ? "cpu" : "cuda";

    public string ShortName => $"{EngineName}-{ProviderName}";

    public override string ToString() => ShortName;

    public static ServingConfiguration Parse(string shortName) =>
        All.FirstOrDefault(c => c.ShortName.Equals(shortName, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"unknown serving configuration '{shortName}' (known: {string.Join(", ", All.Select(c => c.ShortName))})");
}
