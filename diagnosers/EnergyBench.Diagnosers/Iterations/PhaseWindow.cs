using System.Globalization;
using System.Text;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Iterations;

/// <summary>
/// One prompt's (or batch's) generation inside an iteration, on the <see cref="System.Diagnostics.Stopwatch"/> clock:
/// prefill from <see cref="Start"/> to <see cref="FirstToken"/>, decode from there to <see cref="Stop"/>, with the prompt
/// tokens the prefill read and the tokens the decode steps produced.
/// </summary>
public readonly record struct PhaseWindow(long Start, long FirstToken, long Stop, int PromptTokens, int DecodeTokens)
{
    public Window Prefill => new(Start, FirstToken);
    public Window Decode => new(FirstToken, Stop);

    /// <summary>
    /// The windows as one field of an iteration line: <c>start:first:stop:prompt:decode</c> per prompt, comma-separated,
    /// times as ticks after the iteration's start (shorter lines than absolute ticks).
    /// </summary>
    public static string Format(IReadOnlyList<PhaseWindow> windows, long origin)
    {
        var text = new StringBuilder(windows.Count * 24);
        foreach (var w in windows)
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(CultureInfo.InvariantCulture,
                $"{w.Start - origin}:{w.FirstToken - origin}:{w.Stop - origin}:{w.PromptTokens}:{w.DecodeTokens}");
        }
        return text.ToString();
    }

    /// <summary>Reads what <see cref="Format"/> wrote; false on any malformed or out-of-order window.</summary>
    public static bool TryParse(string text, long origin, out IReadOnlyList<PhaseWindow>? windows)
    {
        windows = null;
        var list = new List<PhaseWindow>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = part.Split(':');
            if (fields.Length != 5
                || !long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long start)
                || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long first)
                || !long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long stop)
                || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int prompt)
                || !int.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out int decode)
                || start > first || first > stop || prompt < 0 || decode < 0)
                return false;
            list.Add(new PhaseWindow(origin + start, origin + first, origin + stop, prompt, decode));
        }
        windows = list;
        return true;
    }
}
