using System.Globalization;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Campaign;

/// <summary>
/// The options that make a <c>bench</c> run a campaign (one BenchmarkDotNet run per case, in a planned order, that can
/// be resumed, sharded and merged). They are the host's alone: none reaches a benchmark process.
/// </summary>
public sealed record CampaignOptions
{
    public Protocol? Protocol { get; init; }
    public string? Order { get; init; }
    public int? Seed { get; init; }
    public TimeSpan? CaseTimeout { get; init; }
    public ShardSpec? Shard { get; init; }
    /// <summary>A campaign.json from an earlier <c>--dry-run</c> whose estimates and seed the shards share.</summary>
    public string? PlanFile { get; init; }
    public bool DryRun { get; init; }
    public string? Resume { get; init; }
    public bool Force { get; init; }

    /// <summary>Whether the command line asks for a campaign rather than one BenchmarkDotNet run of every case.</summary>
    public bool IsCampaign => Protocol is not null || Order is not null || Seed is not null || CaseTimeout is not null
                              || Shard is not null || PlanFile is not null || DryRun || Resume is not null;

    public static readonly string Usage =
        "campaign options: --protocol quick|paper --order random|plan --seed N --case-timeout 2h --shard i/n --plan CAMPAIGN.json " +
        "--dry-run --resume RUN_DIR --force";

    /// <summary>Takes the campaign options out of <paramref name="args"/> and returns them with the other arguments, in order.</summary>
    public static (CampaignOptions Options, List<string> Others) Extract(IReadOnlyList<string> args)
    {
        var options = new CampaignOptions();
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            options = arg switch
            {
                "--protocol" => options with { Protocol = Campaign.Protocol.Parse(Value(args, ref i)) },
                "--order" => options with { Order = CaseOrder.Parse(Value(args, ref i)) },
                "--seed" => options with { Seed = ParseSeed(Value(args, ref i)) },
                "--case-timeout" => options with { CaseTimeout = ParseTimeout(Value(args, ref i)) },
                "--shard" => options with { Shard = ShardSpec.Parse(Value(args, ref i)) },
                "--plan" => options with { PlanFile = ExistingFile("--plan", Value(args, ref i)) },
                "--resume" => options with { Resume = ExistingDirectory("--resume", Value(args, ref i)) },
                "--dry-run" => options with { DryRun = true },
                "--force" => options with { Force = true },
                _ => options,
            };
            if (arg is not ("--protocol" or "--order" or "--seed" or "--case-timeout" or "--shard" or "--plan" or "--resume" or "--dry-run" or "--force"))
                rest.Add(arg);
        }
        if (options.Force && options.Resume is null)
            throw new ArgumentException("--force only applies to --resume RUN_DIR (merge has a --force of its own)");
        return (options, rest);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[i]} needs a value");
        return args[++i];
    }

    private static int ParseSeed(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) && seed >= 0
            ? seed
            : throw new ArgumentException($"--seed '{text}': expected a whole number >= 0");

    private static TimeSpan ParseTimeout(string text)
    {
        var limit = MeterOptions.ParseDuration("--case-timeout", text, positive: true);
        return limit > TimeSpan.Zero ? limit : throw new ArgumentException($"--case-timeout '{text}': must be longer than 0");
    }

    private static string ExistingFile(string option, string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{option} {path}: no such file (a campaign.json written by --dry-run)");

    private static string ExistingDirectory(string option, string path) =>
        Directory.Exists(path) ? Path.GetFullPath(path) : throw new DirectoryNotFoundException($"{option} {path}: no such run directory");
}
