using System.CommandLine;
using EnergyBench.Campaign.Merge;
using EnergyBench.Campaign;

namespace EnergyBench.Cli;

/// <summary><c>merge</c>: one campaign run directory from its shards' run directories, for <c>analyze</c> and <c>compare</c>.</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "the shards' run directories (each made with --shard i/n)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "the merged run directory (new or empty)", Required = true };
        var force = new Option<bool>("--force")
        {
            Description = "merge runs that differ in CPU or GPU model, suite version, protocol, settings or plan size, recording the differences",
        };
        var command = new Command("merge", "One run directory from the shards of a campaign; refuses shards whose machine, suite or settings differ unless --force")
        {
            runs, output, force,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            MergeResult merged;
            try
            {
                merged = RunMerge.Merge(result.GetValue(runs)!, result.GetValue(output)!, result.GetValue(force));
            }
            catch (MergeRefusedException e)
            {
                Console.Error.WriteLine($"error: {e.Message}:");
                foreach (string reason in e.Reasons)
                    Console.Error.WriteLine($"  {reason}");
                return CliErrors.BadInput;
            }
            Print(merged);
            return 0;
        }));
        return command;
    }

    private static void Print(MergeResult merged)
    {
        foreach (string difference in merged.Differences)
            Console.WriteLine($"Warning: merged with --force although the runs differ: {difference}");
        foreach (string warning in MergeRecord.Warnings(merged))
            Console.WriteLine($"Warning: {warning}");
        Console.WriteLine($"Merged {merged.Merged.Count} case(s) from {merged.Inputs.Count} run(s) into {merged.Output} (record: {RunMerge.RecordFile})");
        Console.WriteLine($"Analyse it: ./run.sh analyze {merged.Output}");
    }
}
