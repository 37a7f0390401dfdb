using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Rapl;

namespace EnergyBench.Diagnosers.Tests;

public class RaplMeterTests
{
    [Fact]
    public void Package_zones_are_summed_and_subzones_and_mmio_copies_are_not()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 1_000_000);
        tree.AddZone("intel-rapl:0:0", "core", 500_000);
        tree.AddZone("intel-rapl:0:1", "dram", 200_000);
        tree.AddZone("intel-rapl:1", "psys", 9_000_000);
        tree.AddZone("intel-rapl-mmio:0", "package-0", 7_000_000);
        tree.AddZone("intel-rapl:2", "package-1", 3_000_000);

        using var meter = RaplMeter.Open(tree.Root, TimeSpan.FromMilliseconds(100));
        Assert.Contains("package-0 + package-1", meter.Description);
        var values = new double[1];
        meter.Read(values);
        Assert.Equal(0, values[0]);

        tree.SetEnergy("intel-rapl:0", 3_500_000);   // +2.5 J
        tree.SetEnergy("intel-rapl:0:0", 9_500_000); // a subzone: ignored
        tree.SetEnergy("intel-rapl:2", 3_250_000);   // +0.25 J
        tree.SetEnergy("intel-rapl-mmio:0", 99_000_000);
        meter.Read(values);
        Assert.Equal(2.75, values[0], 9);
    }

    [Fact]
    public void A_counter_that_wraps_is_unwrapped_with_the_zone_range()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 262_143_000_000 - 1_000_000, range: 262_143_000_000);
        using var meter = RaplMeter.Open(tree.Root, TimeSpan.FromMilliseconds(100));
        var values = new double[1];
        meter.Read(values);
        tree.SetEnergy("intel-rapl:0", 2_000_000); // 1 J to the top, wrap, 2 J more
        meter.Read(values);
        Assert.Equal(3.0, values[0], 9);
        Assert.Equal(1, meter.Wraps);
    }

    [Fact]
    public void A_counter_file_replaced_on_disk_is_read_anew_at_every_sample()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 1_000_000);
        using var meter = RaplMeter.Open(tree.Root, TimeSpan.FromMilliseconds(100));
        var values = new double[1];
        meter.Read(values);
        tree.ReplaceEnergy("intel-rapl:0", 4_000_000); // +3 J, in a new file renamed over the old one
        meter.Read(values);
        Assert.Equal(3.0, values[0], 9);
        tree.ReplaceEnergy("intel-rapl:0", 4_500_000);
        meter.Read(values);
        Assert.Equal(3.5, values[0], 9);
    }

    [Fact]
    public void An_unreadable_counter_is_reported_with_the_fix()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 1);
        tree.MakeUnreadable("intel-rapl:0");
        var e = Assert.Throws<MeterException>(() => RaplMeter.Open(tree.Root, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("readable by root only", e.Message);
        Assert.Contains("udev", e.Message);
    }

    [Fact]
    public void No_powercap_and_no_package_zone_are_told_apart()
    {
        using var tree = new FakePowercapTree();
        var missing = Assert.Throws<MeterException>(() => RaplMeter.Open(Path.Combine(tree.Root, "nope"), TimeSpan.FromSeconds(1)));
        Assert.Contains("does not exist", missing.Message);
        tree.AddZone("intel-rapl:0:0", "core", 1);
        var noPackage = Assert.Throws<MeterException>(() => RaplMeter.Open(tree.Root, TimeSpan.FromSeconds(1)));
        Assert.Contains("no intel-rapl package zone", noPackage.Message);
    }

    [Fact]
    public void Garbage_in_energy_uj_is_an_error_naming_the_file()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 5);
        using var meter = RaplMeter.Open(tree.Root, TimeSpan.FromSeconds(1));
        File.WriteAllText(Path.Combine(tree.Root, "intel-rapl:0", "energy_uj"), "garbage\n");
        var e = Assert.Throws<MeterException>(() => meter.Read(new double[1]));
        Assert.Contains("energy_uj", e.Message);
    }
}
