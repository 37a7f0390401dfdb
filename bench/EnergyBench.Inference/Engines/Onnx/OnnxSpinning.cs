namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>
/// Whether ONNX Runtime's intra-op threads spin between parallel regions (its <c>session.intra_op.allow_spinning</c>).
/// Spinning keeps a thread on its core waiting for the next op: on cores shared with other work it loses its turn
/// and burns energy on no work, as libtorch's OpenMP threads do (see <see cref="Native.OpenMpWaitPolicy"/>).
/// <c>BENCH_ONNX_SPINNING=on|off</c> chooses; the default is off, like the Torch engines' passive waiting.
/// </summary>
public static class OnnxSpinning
{
    public const string Variable = "BENCH_ONNX_SPINNING";
    public const string ConfigKey = "session.intra_op.allow_spinning";

    public static bool Allowed => Parse(Environment.GetEnvironmentVariable(Variable));

    public static bool Parse(string? value) => OnOffSwitch.Parse(Variable, value, unset: false);
}
