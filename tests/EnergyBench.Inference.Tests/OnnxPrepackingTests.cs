using EnergyBench.Inference.Engines.Onnx;

namespace EnergyBench.Inference.Tests;

/// <summary>BENCH_ONNX_PREPACKING's values: on unless turned off, and a value that is neither named.</summary>
public class OnnxPrepackingTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" ON ", true)]
    [InlineData("1", true)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void Prepacking_is_on_unless_turned_off(string? value, bool expected)
    {
        Assert.Equal(expected, OnnxPrepacking.Parse(value));
    }

    [Fact]
    public void Another_value_is_named_with_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxPrepacking.Parse("sometimes"));

        Assert.Equal("BENCH_ONNX_PREPACKING: 'sometimes' is neither on nor off", error.Message);
    }
}
