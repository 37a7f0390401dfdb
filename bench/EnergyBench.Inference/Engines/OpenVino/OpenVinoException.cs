namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An OpenVINO C API call returned an error status; the message names the call, the status and OpenVINO's text.</summary>
public sealed class OpenVinoException(string call, int status, string message)
    : Exception($"OpenVINO {call} failed: {message}")
{
    public string Call { get; } = call;
    public int Status { get; } = status;
}
