using EnergyBench.Analysis.Samples;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Models;
using EnergyBench.Running;

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
                                      or FormatException or IOException or InvalidDataException or UnauthorizedAccessException
                                      or Running.RunLockedException)
        {
            // Settings name their environment variable; the user reads the option they typed instead (SuiteOptions).
            // A file system error (a read-only folder, a path through a file) carries the path in its message.
            Console.Error.WriteLine($"error: {SuiteOptions.NameAsTyped(OneLine(e.Message))}");
            return BadInput;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
