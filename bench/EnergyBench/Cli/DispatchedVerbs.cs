using System.CommandLine;

namespace EnergyBench.Cli;

/// <summary>
/// The verbs that never reach the command-line parser (Program.cs hands <c>run</c>, <c>bench</c> and <c>meters</c> their
/// arguments untouched; run.sh and run.ps1 run <c>test</c> themselves), listed so that <c>--help</c> names every verb.
/// </summary>
public static class DispatchedVerbs
{
    public static IEnumerable<Command> Create() =>
    [
        Verb("run", "The default job (also with no verb): builds the default model and prompt set if missing, benchmarks every configuration, analyses the run"),
        Verb("bench", "BenchmarkDotNet's switcher with the suite options (--filter, --list flat, --join, --models ...; see the README)"),
        Verb("test", "The whole test suite (./run.sh test or ./run.ps1 test; ends with a passed/failed/skipped count)"),
        Verb("meters", "Every meter, whether it works on this machine and why not, and a 2 s reading"),
    ];

    private static Command Verb(string name, string description)
    {
        var command = new Command(name, description);
        // Reached only as `dotnet EnergyBench.dll test`: the tests are run by the entry scripts.
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"error: {name} is run by the entry script: ./run.sh {name} (Windows: ./run.ps1 {name})");
            return CliErrors.BadInput;
        });
        return command;
    }
}
