namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>
/// Whether ONNX Runtime prepacks constant MatMul/Gemm weights into MLAS's blocked layout (its
/// <c>session.disable_prepacking</c>, inverted). Each packed copy is as large as the weight it packs, and a weight that
/// another node also reads (a tied head's embedding) is then held twice. <c>BENCH_ONNX_PREPACKING=on|off</c> chooses;
/// the default is on, as ONNX Runtime ships it.
/// </summary>
public static class OnnxPrepacking
{
    public const string Variable = "BENCH_ONNX_PREPACKING";
    public const string ConfigKey = "session.disable_prepacking";

    public static bool Enabled => Parse(Environment.GetEnvironmentVariable(Variable));

    public static bool Parse(string? value) => OnOffSwitch.Parse(Variable, value, unset: true);
}
