using System.Globalization;

namespace EnergyBench.Diagnosers.Iterations;

/// <summary>Which BenchmarkDotNet stage an iteration belongs to.</summary>
public enum IterationStage { Warmup, Actual }

/// <summary>
/// One workload iteration as the benchmark process saw it: its stage and index, the work it did (generated tokens), its
/// bounds on the monotonic <see cref="System.Diagnostics.Stopwatch"/> clock and, when the engine timed them, the ticks
/// spent in the engine's forward calls within those bounds, and when the generator timed them, the prefill and decode
/// phases of each prompt (<see cref="Phases"/>). The process writes one line per iteration to standard output as soon
/// as the iteration ends; the host reads the lines back from BenchmarkDotNet's captured output.
/// </summary>
public sealed record IterationRecord(IterationStage Stage, int Index, long Tokens, long StartTicks, long StopTicks, long? ForwardTicks = null)
{
    public const string LinePrefix = "#energybench-iteration ";

    /// <summary>The prompts' phases in the order they ran; null when the iteration's generator did not time them.</summary>
    public IReadOnlyList<PhaseWindow>? Phases { get; init; }

    /// <summary>
    /// The share of the iteration spent outside the engine's forward calls: 1 - forward ticks / iteration ticks, both
    /// on the same clock over the same iteration. Null when the forward calls were not timed or the window is empty.
    /// </summary>
    public double? NonForwardShare =>
        ForwardTicks is { } forward && StopTicks > StartTicks ? 1 - (double)forward / (StopTicks - StartTicks) : null;

    public string ToLine()
    {
        string forward = ForwardTicks is { } ticks ? string.Create(CultureInfo.InvariantCulture, $" forward={ticks}") : "";
        string phases = Phases is null ? "" : " phases=" + PhaseWindow.Format(Phases, StartTicks);
        return string.Create(CultureInfo.InvariantCulture,
            $"{LinePrefix}stage={Stage.ToString().ToLowerInvariant()} index={Index} tokens={Tokens} start={StartTicks} stop={StopTicks}{forward}{phases}");
    }

    /// <summary>The actual-stage records among some lines of output or log, in order; other lines are skipped.</summary>
    public static List<IterationRecord> ActualIn(IEnumerable<string> lines) =>
        lines.Select(line => TryParse(line, out var record) ? record : null)
            .OfType<IterationRecord>()
            .Where(record => record.Stage == IterationStage.Actual)
            .ToList();

    public static bool TryParse(string line, out IterationRecord record)
    {
        record = null!;
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
            return false;
        var fields = line[LinePrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
        if (!fields.TryGetValue("stage", out var stage) || !Enum.TryParse<IterationStage>(stage, true, out var parsedStage)
            || !TryLong(fields, "index", out long index) || !TryLong(fields, "tokens", out long tokens)
            || !TryLong(fields, "start", out long start) || !TryLong(fields, "stop", out long stop))
            return false;
        IReadOnlyList<PhaseWindow>? phases = null;
        if (fields.TryGetValue("phases", out var phaseText) && !PhaseWindow.TryParse(phaseText, start, out phases))
            return false;
        record = new IterationRecord(parsedStage, (int)index, tokens, start, stop,
            TryLong(fields, "forward", out long forward) ? forward : null) { Phases = phases };
        return true;
    }

    private static bool TryLong(Dictionary<string, string> fields, string key, out long value)
    {
        value = 0;
        return fields.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
