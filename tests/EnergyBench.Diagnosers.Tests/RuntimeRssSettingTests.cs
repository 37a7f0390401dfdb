using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The runtime baseline setting, read into MiB for the samples; anything but a positive byte count is no value.</summary>
public class RuntimeRssSettingTests
{
    [Fact]
    public void Bytes_are_read_as_mib()
    {
        var settings = new Dictionary<string, string> { ["runtime_rss_bytes"] = "157286400" };

        Assert.Equal(150, RuntimeRssSetting.Mib(settings));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("n/a (no /proc)")]
    public void Anything_else_is_no_baseline(string? value)
    {
        var settings = new Dictionary<string, string>();
        if (value is not null)
            settings[RuntimeRssSetting.Key] = value;

        Assert.Null(RuntimeRssSetting.Mib(settings));
    }
}
