namespace EnergyBench.Diagnosers.Meters;

/// <summary>Reads of the small kernel text files meters use (/proc, sysfs), failing with a reason that names the file.</summary>
internal static class MeterFiles
{
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeterException($"cannot read {path}: {e.Message}", e);
        }
    }
}
