using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Performance;

/// <summary>
/// Case labels of a run with several jobs (<c>onnx-cpu (Threads=1, Job=1-metered)</c>): the job taken out of the label,
/// so the cases of one job line up with the same cases of another.
/// </summary>
public static class JobLabels
{
    /// <summary>
    /// <c>onnx-cpu (Threads=1, Job=1-metered)</c> -> (<c>onnx-cpu (Threads=1)</c>, <c>1-metered</c>); a label that names no
    /// job comes back as it is, with a null job.
    /// </summary>
    public static (string Label, string? Job) Split(string label) => Split(label, CaseLabels.JobParameter);

    /// <summary>
    /// <c>onnx-cpu (Prompts=a.jsonl, Threads=1)</c> with <c>Prompts</c> -> (<c>onnx-cpu (Threads=1)</c>, <c>a.jsonl</c>): one
    /// parameter taken out of a label; a label that does not name it comes back as it is, with a null value.
    /// </summary>
    public static (string Label, string? Value) Split(string label, string parameter)
    {
        int open = label.IndexOf(" (", StringComparison.Ordinal);
        if (open < 0 || !label.EndsWith(')'))
            return (label, null);
        var parts = label[(open + 2)..^1].Split(", ").ToList();
        string prefix = parameter + "=";
        int found = parts.FindIndex(p => p.StartsWith(prefix, StringComparison.Ordinal));
        if (found < 0)
            return (label, null);
        string value = parts[found][prefix.Length..];
        parts.RemoveAt(found);
        return (parts.Count == 0 ? label[..open] : $"{label[..open]} ({string.Join(", ", parts)})", value);
    }

    /// <summary>The rows of one job's cases, labelled without the job.</summary>
    public static IReadOnlyList<SampleRow> OfJob(IEnumerable<SampleRow> rows, string job) =>
        rows.Select(r => (Row: r, Split: Split(r.Configuration)))
            .Where(r => r.Split.Job == job)
            .Select(r => r.Row with { Configuration = r.Split.Label })
            .ToList();
}
