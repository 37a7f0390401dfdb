using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyBench.Campaign;

/// <summary>How a case's attempt ended.</summary>
public enum CaseOutcome
{
    /// <summary>Started and not ended (yet, or the host process died): a resume reruns it.</summary>
    Running,
    /// <summary>BenchmarkDotNet reported the case measured in full.</summary>
    Done,
    /// <summary>The case ran to its end but failed (its benchmark process reported an error).</summary>
    Failed,
    /// <summary>The watchdog ended it after the case time limit; the iterations it finished are kept, marked incomplete.</summary>
    TimedOut,
    /// <summary>Stopped by Ctrl-C or SIGTERM; a resume reruns it.</summary>
    Interrupted,
}

/// <summary>
/// <c>case.json</c> in a case's folder: written as <see cref="CaseOutcome.Running"/> when the case starts and rewritten
/// when it ends, so a folder without an ended record is a case a crash or a kill interrupted.
/// </summary>
public sealed record CaseRecord(string Key, string Label, string Model, string Configuration, CaseOutcome Outcome, int Attempt,
    DateTimeOffset Started, DateTimeOffset? Ended = null, double? ElapsedSeconds = null, string? Reason = null)
{
    /// <summary>The case time limit in seconds that ended a timed-out case.</summary>
    public double? Limit { get; init; }

    /// <summary>Whether the attempt ended (measured, failed or timed out), rather than being cut off by a stop or a crash.</summary>
    [JsonIgnore]
    public bool IsFinal => Outcome is CaseOutcome.Done or CaseOutcome.Failed or CaseOutcome.TimedOut;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Writes through a temporary file and a rename, so a kill never leaves half a record.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>, or null when there is none; a damaged record is an error naming the file.</summary>
    public static CaseRecord? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<CaseRecord>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty case record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a case record ({e.Message}); delete the case's folder to rerun it", e);
        }
    }
}
