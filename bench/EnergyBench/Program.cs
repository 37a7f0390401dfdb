using System.CommandLine;
using EnergyBench.Cli;

// `bench`, `meters` and `run` read the suite's own options (Running/SuiteOptions) and pass the rest to BenchmarkDotNet
// untouched, so they bypass the command-line parser.
if (args.Length > 0 && args[0] == "bench")
    return BenchCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "meters")
    return MetersCommand.Run(args[1..]);
if (args.Length == 0 || args[0] == "run")
    return RunCommand.Run(args.Length == 0 ? [] : args[1..]);

var root = new RootCommand("Energy, time and resource benchmarks of code language models across serving configurations")
{
    PromptsCommand.Create(),
    ModelsCommand.Create(),
    GenerateCommand.Create(),
    TokenizeCommand.Create(),
    TorchMatmulCommand.Create(),
    AnalyzeCommand.Create(),
    CompareCommand.Create(),
    RooflineCommand.Create(),
    PerformanceCommand.Create(),
    SweepCommand.Create(),
};
foreach (var (verb, i) in DispatchedVerbs.Create().Select((verb, i) => (verb, i)))
    root.Subcommands.Insert(i, verb); // first in the help: the verbs a user starts with
return root.Parse(args).Invoke();
