namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>An <c>on|off</c> environment switch (also 1/0, true/false); unset or empty means its default.</summary>
internal static class OnOffSwitch
{
    public static bool Parse(string variable, string? value, bool unset) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => unset,
        "on" or "1" or "true" => true,
        "off" or "0" or "false" => false,
        var other => throw new ArgumentException($"{variable}: '{other}' is neither on nor off"),
    };
}
