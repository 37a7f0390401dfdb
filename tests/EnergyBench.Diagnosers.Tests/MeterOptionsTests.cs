using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Rapl;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>Meter options as the environment gives them (this assembly's tests run one at a time).</summary>
public class MeterOptionsTests
{
    private static MeterOptions FromEnvironmentWith(string name, string? value)
    {
        string? saved = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            return MeterOptions.FromEnvironment();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, saved);
        }
    }

    [Fact]
    public void A_rapl_root_the_user_named_that_does_not_exist_is_an_error_naming_the_option_and_the_path()
    {
        using var directory = new TempDirectory();
        string missing = Path.Combine(directory.Path, "powercap");
        var e = Assert.Throws<ArgumentException>(() => FromEnvironmentWith(MeterOptions.RaplRootVariable, missing));
        Assert.Equal($"BENCH_RAPL_ROOT: '{missing}' does not exist; give a powercap tree (the kernel's is /sys/class/powercap) " +
                     "or leave the option out", e.Message);
    }

    [Fact]
    public void A_rapl_root_that_exists_is_used_and_without_one_the_default_is_used_even_where_it_is_missing()
    {
        using var directory = new TempDirectory();
        Assert.Equal(directory.Path, FromEnvironmentWith(MeterOptions.RaplRootVariable, directory.Path).RaplRoot);
        Assert.Equal(RaplMeter.DefaultRoot, FromEnvironmentWith(MeterOptions.RaplRootVariable, null).RaplRoot);
    }
}
