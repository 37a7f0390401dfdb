namespace EnergyBench.Inference.Engines;

/// <summary>Counts physical cores (distinct package/core pairs in sysfs), falling back to logical processors.</summary>
public static class CpuTopology
{
    public static int PhysicalCoreCount { get; } = Count();

    private static int Count()
    {
        try
        {
            var cores = new HashSet<string>();
            foreach (string cpu in Directory.EnumerateDirectories("/sys/devices/system/cpu", "cpu*"))
            {
                string topology = Path.Combine(cpu, "topology");
                string core = Path.Combine(topology, "core_id"), package = Path.Combine(topology, "physical_package_id");
                if (File.Exists(core) && File.Exists(package))
                    cores.Add(File.ReadAllText(package).Trim() + ":" + File.ReadAllText(core).Trim());
            }
            if (cores.Count > 0)
                return Math.Min(cores.Count, Environment.ProcessorCount);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Environment.ProcessorCount;
    }
}
