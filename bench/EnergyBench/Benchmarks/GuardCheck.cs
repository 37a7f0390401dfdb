using System.Globalization;
using EnergyBench.Diagnosers.Agreement;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Models;

namespace EnergyBench.Benchmarks;

/// <summary>
/// The output-equivalence guard inside a benchmark process: the reference's tokens are generated before the
/// configuration's engine is loaded, then compared with the engine's. The verdict goes out as settings
/// (<see cref="AgreementSettings"/>) that the report columns, analyser and samples file read.
/// </summary>
internal sealed class GuardCheck
{
    private readonly GuardOptions _guard;
    private readonly IReadOnlyList<int[]> _prompts;
    private readonly int[] _subset;
    private readonly int _maxNewTokens;
    private readonly int[][]? _reference;
    private readonly string? _skipped;
    private readonly string? _short;

    private GuardCheck(GuardOptions guard, IReadOnlyList<int[]> prompts, int[] subset, int maxNewTokens, int[][]? reference, string? shortText, string? skipped)
    {
        (_guard, _prompts, _subset, _maxNewTokens, _reference, _short, _skipped) = (guard, prompts, subset, maxNewTokens, reference, shortText, skipped);
    }

    public static GuardCheck Prepare(GuardOptions guard, ServingConfiguration configuration, EngineOptions options,
        ModelDirectory model, IReadOnlyList<int[]> prompts, int maxNewTokens)
    {
        int[] subset = OutputGuard.Subset(prompts.Count, guard.Prompts);
        if (!guard.Enabled)
            return new GuardCheck(guard, prompts, subset, maxNewTokens, null, "off", "the output-equivalence guard is off (--guard-prompts 0)");
        if (configuration == guard.Reference && options.Precision == Precision.Fp32)
            return new GuardCheck(guard, prompts, subset, maxNewTokens, null, "reference", $"{configuration.ShortName} is the reference configuration");
        try
        {
            using var reference = EngineFactory.Create(guard.Reference, model, options with { Precision = Precision.Fp32 });
            return new GuardCheck(guard, prompts, subset, maxNewTokens, OutputGuard.Generate(reference, prompts, subset, maxNewTokens), null, null);
        }
        catch (ConfigurationUnavailableException e)
        {
            return new GuardCheck(guard, prompts, subset, maxNewTokens, null, "n/a", $"the reference is unavailable here ({e.Message}); outputs were not checked");
        }
    }

    /// <summary>Runs the guard's prompts through <paramref name="engine"/> and returns the verdict as settings.</summary>
    public IEnumerable<KeyValuePair<string, string>> Finish(IDecoderEngine engine)
    {
        if (_reference is null)
            return [new(AgreementSettings.ShortKey, _short!), new(AgreementSettings.DetailKey, _skipped!)];
        var candidate = OutputGuard.Generate(engine, _prompts, _subset, _maxNewTokens);
        var agreement = OutputGuard.Compare(_subset, _reference, candidate, _guard);
        // The candidate's label names a reduced precision, since the reference may be the same configuration in fp32.
        string label = engine.Settings.GetValueOrDefault("precision", "fp32") is var precision and not "fp32"
            ? $"{engine.Configuration.ShortName} {precision}"
            : engine.Configuration.ShortName;
        string detail = agreement.Describe(label);
        Console.WriteLine("output-equivalence guard: " + detail);
        return
        [
            new(AgreementSettings.ShortKey, agreement.Short),
            new(AgreementSettings.DetailKey, detail),
            new(AgreementSettings.ValidKey, agreement.Valid ? "true" : "false"),
            new(AgreementSettings.ShareKey, agreement.Share.ToString("R", CultureInfo.InvariantCulture)),
        ];
    }
}
