using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using BenchmarkDotNet.ConsoleArguments;
using EnergyBench.Cli;
using EnergyBench.Running;

namespace EnergyBench.Tests;

/// <summary>The options each <c>./run.sh</c> verb knows, for checking the command lines the examples and the README give.</summary>
public static partial class ExampleCommandOptions
{
    /// <summary><c>merge</c>'s options as the campaign design names them, until the verb exists; then read them from its command.</summary>
    private static readonly string[] MergeOptionsUntilTheVerbExists = ["--out", "--force"];

    /// <summary>The option names <paramref name="verb"/> accepts; null for a verb this list does not cover yet.</summary>
    public static IReadOnlySet<string>? Of(string verb) => verb switch
    {
        "bench" => Names(SuiteOptions.Usage).Concat(BenchmarkDotNetOptions()).ToHashSet(),
        "merge" => MergeOptionsUntilTheVerbExists.ToHashSet(),
        "analyze" => OptionsOf(AnalyzeCommand.Create()).ToHashSet(),
        "compare" => OptionsOf(CompareCommand.Create()).ToHashSet(),
        "models" => OptionsOf(ModelsCommand.Create()).ToHashSet(),
        _ => null,
    };

    private static IEnumerable<string> Names(string usage) => OptionName().Matches(usage).Select(m => m.Value);

    /// <summary>What <c>bench</c> passes on to BenchmarkDotNet: the long names of its command-line options (<c>--artifacts</c>, <c>--filter</c>).</summary>
    private static IEnumerable<string> BenchmarkDotNetOptions() =>
        typeof(CommandLineOptions).GetProperties()
            .Select(p => p.GetCustomAttribute<CommandLine.OptionAttribute>()?.LongName)
            .OfType<string>().Select(name => "--" + name);

    private static IEnumerable<string> OptionsOf(Command command) =>
        command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Concat(command.Subcommands.SelectMany(OptionsOf));

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}
