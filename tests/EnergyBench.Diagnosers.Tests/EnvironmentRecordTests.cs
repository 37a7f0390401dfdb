using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.RunEnvironment;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The run's environment facts read from fake /proc and /sys trees and fake .git folders written here.</summary>
public sealed class EnvironmentRecordTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "energybench-env-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string? Value(IEnumerable<EnvironmentFact> facts, string group, string name) =>
        facts.Single(f => f.Group == group && f.Name == name).Value;

    [Fact]
    public void A_bare_metal_tree_gives_cpu_frequency_policy_rapl_limits_and_memory()
    {
        Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6230\nmicrocode\t: 0x5003604\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Gold 6230\nmicrocode\t: 0x5003604\n");
        Write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        Write("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
        Write("sys/devices/system/cpu/cpu0/cpufreq/scaling_driver", "intel_pstate\n");
        Write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "3900000\n");
        Write("sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
        Write("sys/class/powercap/intel-rapl:0/name", "package-0\n");
        Write("sys/class/powercap/intel-rapl:0/constraint_0_name", "long_term\n");
        Write("sys/class/powercap/intel-rapl:0/constraint_0_power_limit_uw", "125000000\n");
        Write("sys/class/powercap/intel-rapl:0/constraint_0_time_window_us", "999424\n");
        Write("sys/class/powercap/intel-rapl:0/constraint_1_name", "short_term\n");
        Write("sys/class/powercap/intel-rapl:0/constraint_1_power_limit_uw", "150000000\n");
        Write("sys/class/powercap/intel-rapl:0:0/name", "core\n");
        Write("proc/meminfo", "MemTotal:       24683548 kB\nMemFree: 1 kB\n");
        Write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        Write("etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");

        var facts = new LinuxFacts(_root).Read().ToList();
        Assert.Equal("Intel(R) Xeon(R) Gold 6230", Value(facts, "cpu", "model"));
        Assert.Equal("0x5003604", Value(facts, "cpu", "microcode"));
        Assert.Equal("2", Value(facts, "cpu", "logical cpus"));
        Assert.Equal("performance, powersave", Value(facts, "cpu", "governor")); // mixed policies are shown, not one of them
        Assert.Equal("off", Value(facts, "cpu", "boost")); // no_turbo=1
        Assert.Equal("3900", Value(facts, "cpu", "max frequency MHz"));
        Assert.Equal("125 W over 0.999424 s", Value(facts, "rapl", "package-0 long_term"));
        Assert.Equal("150 W", Value(facts, "rapl", "package-0 short_term"));
        Assert.DoesNotContain(facts, f => f.Name.StartsWith("core", StringComparison.Ordinal)); // subzones are not packages
        Assert.Equal("24683548 kB", Value(facts, "memory", "total"));
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", Value(facts, "os", "distribution"));
    }

    [Fact]
    public void A_virtual_machine_tree_says_why_each_missing_fact_is_missing()
    {
        Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC\n");
        var facts = new LinuxFacts(_root).Read().ToList();
        Assert.Equal("AMD EPYC", Value(facts, "cpu", "model"));
        foreach (var (group, name) in new[] { ("cpu", "microcode"), ("cpu", "governor"), ("cpu", "boost"), ("rapl", "power limits"), ("memory", "speed") })
        {
            var fact = facts.Single(f => f.Group == group && f.Name == name);
            Assert.Null(fact.Value);
            Assert.False(string.IsNullOrWhiteSpace(fact.NotAvailable), $"{group} {name}");
        }
        Write("sys/devices/system/cpu/cpufreq/boost", "1\n");
        Assert.Equal("on", Value(new LinuxFacts(_root).Read(), "cpu", "boost"));
    }

    [Fact]
    public void Smbios_memory_devices_give_size_and_speeds_and_empty_slots_are_skipped()
    {
        var module = new byte[0x28];
        module[0] = 17; module[1] = 0x28;
        module[0x0C] = 0x00; module[0x0D] = 0x40;  // 16384 MiB
        module[0x15] = 0x80; module[0x16] = 0x0C;  // rated 3200 MT/s
        module[0x20] = 0xB0; module[0x21] = 0x0A;  // configured 2736 MT/s
        Assert.Equal((16384L, 3200, 2736), DmiMemory.Parse(module));
        var empty = (byte[])module.Clone();
        empty[0x0C] = 0; empty[0x0D] = 0;
        Assert.Null(DmiMemory.Parse(empty));

        Write("dmi/17-0/raw", "");
        File.WriteAllBytes(Path.Combine(_root, "dmi/17-0/raw"), module);
        Write("dmi/17-1/raw", "");
        File.WriteAllBytes(Path.Combine(_root, "dmi/17-1/raw"), module);
        Write("dmi/17-2/raw", "");
        File.WriteAllBytes(Path.Combine(_root, "dmi/17-2/raw"), empty);
        Assert.Equal("2 x 16384 MiB at 2736 MT/s (rated 3200)", DmiMemory.Describe(Path.Combine(_root, "dmi")));
    }

    [Fact]
    public void The_commit_is_read_from_a_loose_ref_a_packed_ref_a_detached_head_and_a_worktree()
    {
        const string Loose = "1111111111111111111111111111111111111111", Packed = "2222222222222222222222222222222222222222";
        Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        Write("repo/.git/refs/heads/main", Loose + "\n");
        Assert.Equal(Loose, SuiteVersion.Commit(Path.Combine(_root, "repo/.git")));

        File.Delete(Path.Combine(_root, "repo/.git/refs/heads/main"));
        Write("repo/.git/packed-refs", $"# pack-refs with: peeled\n{Packed} refs/heads/main\n");
        Assert.Equal(Packed, SuiteVersion.Commit(Path.Combine(_root, "repo/.git")));

        Write("repo/.git/worktrees/wt/HEAD", "ref: refs/heads/main\n");
        Write("repo/.git/worktrees/wt/commondir", "../..\n");
        Write("wt/.git", $"gitdir: {Path.Combine(_root, "repo/.git/worktrees/wt")}\n");
        Assert.StartsWith(Packed, SuiteVersion.Read(Path.Combine(_root, "wt")).Value);

        Write("repo/.git/HEAD", Loose + "\n");
        Assert.Equal(Loose, SuiteVersion.Commit(Path.Combine(_root, "repo/.git")));

        var missing = SuiteVersion.Read(Path.Combine(_root, "nothing"));
        Assert.Null(missing.Value);
        Assert.Contains("not a git checkout", missing.NotAvailable);
    }

    [Fact]
    public void The_record_is_written_as_json_and_as_a_markdown_table_with_reasons()
    {
        var record = new EnvironmentRecord([new EnvironmentFact("cpu", "model", "AMD EPYC"), new EnvironmentFact("gpu", "gpus", null, "NVML: not found")]);
        record.Write(_root);
        string markdown = File.ReadAllText(Path.Combine(_root, EnvironmentRecord.MarkdownFile));
        Assert.Contains("| cpu | model | AMD EPYC |", markdown);
        Assert.Contains("| gpu | gpus | n/a: NVML: not found |", markdown);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, EnvironmentRecord.JsonFile)));
        var facts = json.RootElement.GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal("NVML: not found", facts[1].GetProperty("not_available").GetString());
    }

    [Fact]
    public void A_written_record_reads_back_with_its_values_and_reasons()
    {
        Assert.Null(EnvironmentRecord.Read(_root));
        var facts = new[] { new EnvironmentFact("cpu", "model", "AMD EPYC"), new EnvironmentFact("gpu", "gpus", null, "NVML: not found") };
        new EnvironmentRecord(facts).Write(_root);
        var read = EnvironmentRecord.Read(_root)!;
        Assert.Equal(facts, read.Facts);
        Assert.Equal("AMD EPYC", read.Value("cpu", "model"));
        Assert.Null(read.Value("gpu", "gpus"));

        File.WriteAllText(Path.Combine(_root, EnvironmentRecord.JsonFile), "{ \"facts\": ");
        Assert.StartsWith($"{Path.Combine(_root, EnvironmentRecord.JsonFile)}: not an environment record", Assert.Throws<InvalidDataException>(() => EnvironmentRecord.Read(_root)).Message);
    }

    [Fact]
    public void Without_a_gpu_driver_the_gpu_facts_say_so_in_one_fact()
    {
        var fact = Assert.Single(GpuFacts.Read(Path.Combine(_root, "no-such-libnvidia-ml.so.1")));
        Assert.Null(fact.Value);
        Assert.Contains("not found", fact.NotAvailable);
    }
}
