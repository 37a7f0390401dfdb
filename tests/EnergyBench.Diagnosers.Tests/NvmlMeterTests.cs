using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Nvml;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The NVML binding against a compiled stub library: real symbol lookup, calls and struct marshalling.</summary>
public class NvmlMeterTests(NvmlStub stub) : IClassFixture<NvmlStub>
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Counter_power_utilisation_and_memory_are_read_through_the_binding()
    {
        stub.Script("count=2; name=Stub H100; energy_start_mj=5000; energy_step_mj=250; util_gpu=70; util_mem=30; " +
                    "mem_total=80000000000; mem_used=20000000000; power_mw=300000");
        using var meter = NvmlMeter.Open(stub.LibraryPath, gpuIndex: null, Period);
        Assert.Equal(Provenance.Counter, meter.EnergyProvenance);
        Assert.Contains("GPU 0 Stub H100 #0, GPU 1 Stub H100 #1", meter.Description);
        var channels = meter.Channels.Select(c => c.Name).ToList();
        Assert.Equal([NvmlMeter.EnergyChannel, NvmlMeter.MemoryUsedChannel, NvmlMeter.UtilizationChannel, NvmlMeter.MemoryUtilizationChannel], channels);

        var values = new double[channels.Count];
        meter.Read(values);
        // Open read the counter once per GPU (5250, 5500); this read gives 5750 + 6000 mJ over the two GPUs.
        Assert.Equal(11.75, values[0], 9);
        Assert.Equal(25, values[1], 9);
        Assert.Equal(70, values[2]);
        Assert.Equal(30, values[3]);
    }

    [Fact]
    public void Without_an_energy_counter_power_is_read_for_integration()
    {
        stub.Script("energy_rc=3; power_mw=123456; mem_total=100; mem_used=50");
        using var meter = NvmlMeter.Open(stub.LibraryPath, gpuIndex: 0, Period);
        Assert.Equal(Provenance.Integrated, meter.EnergyProvenance);
        Assert.Equal(NvmlMeter.PowerChannel, meter.Channels[0].Name);
        var values = new double[meter.Channels.Count];
        meter.Read(values);
        Assert.Equal(123.456, values[0], 9);
    }

    [Fact]
    public void Utilisation_not_supported_drops_only_the_utilisation_channels()
    {
        stub.Script("util_rc=3; mem_total=100; mem_used=10");
        using var meter = NvmlMeter.Open(stub.LibraryPath, null, Period);
        Assert.DoesNotContain(meter.Channels, c => c.Name == NvmlMeter.UtilizationChannel);
        Assert.Contains("utilisation not supported", meter.Description);
    }

    [Theory]
    [InlineData("init_rc=9", "nvmlInit failed: DRIVER_NOT_LOADED (9): Driver Not Loaded")]
    [InlineData("count=0", "no NVIDIA GPU found")]
    [InlineData("handle_rc=4", "NO_PERMISSION (4): Insufficient Permissions (run as a user allowed to query the GPU)")]
    [InlineData("energy_rc=3; power_rc=3", "no energy counter, and nvmlDeviceGetPowerUsage: NOT_SUPPORTED (3)")]
    [InlineData("energy_rc=4", "nvmlDeviceGetTotalEnergyConsumption: NO_PERMISSION (4)")]
    public void Each_failure_becomes_a_reason(string script, string reason)
    {
        stub.Script(script);
        var e = Assert.Throws<MeterException>(() => NvmlMeter.Open(stub.LibraryPath, null, Period));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_named_library_that_does_not_exist_is_blamed_on_the_path_not_on_the_driver()
    {
        var e = Assert.Throws<MeterException>(() => NvmlMeter.Open("/nonexistent/libnvidia-ml.so.1", null, Period));
        Assert.Contains("/nonexistent/libnvidia-ml.so.1 not found: the library named by --nvml-lib / BENCH_NVML_LIB does not exist", e.Message);
        Assert.Contains("leave --nvml-lib / BENCH_NVML_LIB out", e.Message);
        Assert.DoesNotContain("driver on this machine", e.Message);
    }

    [Fact]
    public void A_named_file_that_is_not_a_library_says_it_cannot_be_loaded()
    {
        using var directory = new TempDirectory();
        string path = directory.File("libnvidia-ml.so.1");
        File.WriteAllText(path, "not an ELF file\n");
        var e = Assert.Throws<MeterException>(() => NvmlMeter.Open(path, null, Period));
        Assert.Contains($"{path}, named by --nvml-lib / BENCH_NVML_LIB, cannot be loaded (", e.Message);
        Assert.DoesNotContain("driver on this machine", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("strace", e.Message); // the loader's reason, not the runtime's advice around it
    }

    [Fact]
    public void A_missing_library_or_gpu_index_is_named()
    {
        var missing = Assert.Throws<MeterException>(() => NvmlMeter.Open("/nonexistent/libnvidia-ml.so.1", null, Period));
        Assert.Contains("/nonexistent/libnvidia-ml.so.1 not found", missing.Message);
        stub.Script("count=1");
        var index = Assert.Throws<MeterException>(() => NvmlMeter.Open(stub.LibraryPath, 3, Period));
        Assert.Contains("GPU index 3 does not exist", index.Message);
    }
}
