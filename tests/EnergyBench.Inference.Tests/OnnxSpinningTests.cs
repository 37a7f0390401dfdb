using EnergyBench.Inference.Engines.Onnx;

namespace EnergyBench.Inference.Tests;

/// <summary>BENCH_ONNX_SPINNING's values: off unless asked for, and a value that is neither named.</summary>
public class OnnxSpinningTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    [InlineData(" ON ", true)]
    [InlineData("1", true)]
    [InlineData("true", true)]
    public void Spinning_is_off_unless_asked_for(string? value, bool expected)
    {
        Assert.Equal(expected, OnnxSpinning.Parse(value));
    }

    [Fact]
    public void Another_value_is_named_with_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxSpinning.Parse("sometimes"));

        Assert.Equal("BENCH_ONNX_SPINNING: 'sometimes' is neither on nor off", error.Message);
    }
}
