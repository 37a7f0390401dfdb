using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// Writes doubles as JSON numbers, and a value that is not a finite number (an overflowed SD, a 0/0) as null rather than
/// the string "Infinity" or "NaN", so a number's place never holds a string; <see cref="Nulled"/> counts them so the
/// writer can say why those values are null.
/// </summary>
public sealed class FiniteNumberConverter : JsonConverter<double>
{
    public int Nulled { get; private set; }

    public override bool HandleNull => false;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
        {
            Nulled++;
            writer.WriteNullValue();
        }
    }
}
