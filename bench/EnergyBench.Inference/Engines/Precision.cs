namespace EnergyBench.Inference.Engines;

/// <summary>The floating-point format the model computes in. fp32 is the reference; engines say which others they run.</summary>
public enum Precision { Fp32, Fp16, Bf16 }

public static class PrecisionNames
{
    public static string Name(this Precision precision) => precision.ToString().ToLowerInvariant();

    /// <summary>Bytes of one weight held in <paramref name="precision"/>.</summary>
    public static int Bytes(this Precision precision) => precision == Precision.Fp32 ? 4 : 2;

    public static Precision Parse(string name) =>
        Enum.GetValues<Precision>().FirstOrDefault(p => p.Name() == name.Trim().ToLowerInvariant(), (Precision)(-1)) is var precision && precision >= 0
            ? precision
            : throw new ArgumentException($"unknown precision '{name}' (known: fp32, fp16, bf16)");
}
