using System.Text.Json;

namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>Tolerant reads of numbers in meter answers (some firmware writes them as strings), with one-line errors.</summary>
internal static class JsonFields
{
    public static JsonElement Parse(string json, string meter)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new MeterException($"{meter}: answer is not JSON ({e.Message})");
        }
    }

    public static JsonElement Property(JsonElement element, string name, string meter) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new MeterException($"{meter}: answer has no '{name}'");

    public static double? OptionalNumber(JsonElement element, string name, string meter) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Number(value, name, meter) : null;

    public static double Number(JsonElement value, string name, string meter)
    {
        double number = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => double.NaN,
        };
        return double.IsFinite(number) ? number : throw new MeterException($"{meter}: '{name}' is not a number ({value.GetRawText()})");
    }

    /// <summary>A power reading must be a non-negative number; a negative load is a meter error, not a generator.</summary>
    public static double Watts(double watts, string name, string meter) =>
        watts >= 0 ? watts : throw new MeterException($"{meter}: negative power {name}={watts} W");
}
