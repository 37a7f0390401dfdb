using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;

namespace EnergyBench.Benchmarks;

/// <summary>
/// The reference's greedy tokens for the guard's prompts of one case, or why there are none. The host computes them
/// before it starts the benchmark process (<see cref="Running.GuardReferenceDiagnoser"/>) and hands them over in a
/// file named by <see cref="FileVariable"/>, so the measured process never loads a second model and its peak RSS is
/// the configuration's own.
/// </summary>
public sealed record GuardReference(string Key, int[][]? Tokens, string? Unavailable, string? Error)
{
    /// <summary>The file a benchmark process reads its case's reference from; unset, it computes the reference itself.</summary>
    public const string FileVariable = "BENCH_GUARD_REFERENCE_FILE";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Everything the reference's tokens depend on, so a file is never read for another case.</summary>
    public static string KeyOf(ServingConfiguration reference, ModelDirectory model, string promptSet, int maxNewTokens, int threads, IReadOnlyList<int> subset,
        StopPolicy stop = StopPolicy.Fixed) =>
        $"reference={reference.ShortName} model={model.Path} prompts={promptSet} max_new_tokens={maxNewTokens} threads={threads} subset={string.Join(',', subset)}" +
        (stop == StopPolicy.Fixed ? "" : $" stop={stop.Name()}");

    /// <summary>A file name for <paramref name="key"/> (a hash: model paths are long and not file-name safe).</summary>
    public static string FileNameOf(string key) =>
        "guard-reference-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16] + ".json";

    /// <summary>Loads the reference in fp32, generates the subset (stopping as <paramref name="stop"/> says), and releases it; "unavailable" where it cannot run here.</summary>
    public static GuardReference Compute(string key, ServingConfiguration reference, ModelDirectory model, EngineOptions options,
        IReadOnlyList<int[]> prompts, IReadOnlyList<int> subset, int maxNewTokens, IStopRule? stop = null)
    {
        try
        {
            using var engine = EngineFactory.Create(reference, model, options with { Precision = Precision.Fp32 });
            return new GuardReference(key, OutputGuard.Generate(engine, prompts, subset, maxNewTokens, stop), null, null);
        }
        catch (ConfigurationUnavailableException e)
        {
            return new GuardReference(key, null, e.Message, null);
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the host's file for the case <paramref name="key"/>; a file for another case is refused.</summary>
    public static GuardReference Read(string path, string key)
    {
        GuardReference? reference;
        try
        {
            reference = JsonSerializer.Deserialize<GuardReference>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"{path}: the guard's reference tokens could not be read ({e.Message})", e);
        }
        if (reference is null || reference.Key != key)
            throw new InvalidOperationException($"{path}: the guard's reference tokens are for another case ({reference?.Key ?? "empty"}), this one is {key}");
        if (reference.Error is { } error)
            throw new InvalidOperationException($"the guard's reference ({key}) failed in the host: {error}");
        if ((reference.Tokens is null) == (reference.Unavailable is null))
            throw new InvalidOperationException($"{path}: holds neither the guard's reference tokens nor why they are unavailable");
        return reference;
    }
}
