using EnergyBench.Analysis.Samples;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Models;

namespace EnergyBench.Cli;

/// <summary>Turns the errors a user can cause (bad input, missing files, unavailable configurations) into one line and exit code 2.</summary>
public static class CliErrors
{
    public const int BadInput = 2;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ModelFormatException or ConfigurationUnavailableException or ArgumentException or OpenVinoException or SamplesFormatException
                                      or FileNotFoundException or FormatException or DirectoryNotFoundException or Running.RunLockedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }
}
