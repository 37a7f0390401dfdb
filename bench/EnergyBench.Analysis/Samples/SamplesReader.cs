using System.Globalization;
using System.Text;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Samples;

/// <summary>
/// Reads the suite's samples files (<c>model,configuration,iteration,metric,value,unit,source</c>, RFC 4180 quoting)
/// from a file or from every <c>*-samples.csv</c> under a run directory.
/// </summary>
public static class SamplesReader
{
    public const string Header = SamplesSchema.Header;

    /// <summary>Whether a path is a samples file or a directory with samples files under it.</summary>
    public static bool Has(string path) =>
        File.Exists(path) ? path.EndsWith("-samples.csv", StringComparison.Ordinal)
        : Directory.Exists(path) && RunFiles.Under(path, "*-samples.csv").Count > 0;

    /// <summary>The samples files a path names: the file itself, or those under a directory (a run's results/), superseded attempts left out.</summary>
    public static IReadOnlyList<string> Find(string path)
    {
        if (File.Exists(path))
            return [Path.GetFullPath(path)];
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"{path}: no such run directory or samples file");
        var files = RunFiles.Under(path, "*-samples.csv");
        if (files.Count == 0)
            throw new FileNotFoundException($"{path}: no *-samples.csv in this directory (run the benchmarks with meters on, or pass a samples file)");
        return files;
    }

    public static IReadOnlyList<SampleRow> Read(IEnumerable<string> files) => files.SelectMany(Read).ToList();

    public static IReadOnlyList<SampleRow> Read(string file)
    {
        string launch = LaunchOf(file);
        var rows = new List<SampleRow>();
        int number = 0;
        foreach (string line in File.ReadLines(file))
        {
            number++;
            if (number == 1)
            {
                if (line.Trim() != Header)
                    throw new SamplesFormatException($"{file}:1: not a samples file (expected the header '{Header}')");
                continue;
            }
            if (line.Length == 0)
                continue;
            var fields = Split(line);
            if (fields.Count != 7)
                throw new SamplesFormatException($"{file}:{number}: expected 7 fields, found {fields.Count}");
            if (!int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int iteration))
                throw new SamplesFormatException($"{file}:{number}: iteration '{fields[2]}' is not an integer");
            if (!double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new SamplesFormatException($"{file}:{number}: value '{fields[4]}' is not a finite number");
            if (SampleLimits.Problem(fields[3], fields[5], value) is { } problem)
                throw new SamplesFormatException($"{file}:{number}: {problem}; the file is damaged or the meter misread");
            rows.Add(new SampleRow(fields[0], fields[1], iteration, fields[3], value, fields[5], fields[6], launch));
        }
        if (number == 0)
            throw new SamplesFormatException($"{file}: empty file");
        return rows;
    }

    /// <summary>
    /// The launch a results file belongs to: its run directory (the parent of BenchmarkDotNet's <c>results/</c>
    /// folder, or the file's own folder). The energy diagnoser measures one launch per case, so one run is one launch.
    /// </summary>
    public static string LaunchOf(string file)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return Path.GetFileName(directory) == "results" ? Path.GetDirectoryName(directory)! : directory;
    }

    /// <summary>Splits one CSV line, honouring double quotes ("" inside a quoted field is a quote).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
