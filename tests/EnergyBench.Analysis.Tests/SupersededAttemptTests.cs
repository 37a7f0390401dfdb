using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Tests;

/// <summary>
/// A campaign moves an interrupted attempt of a case aside into <c>superseded/</c> and reruns the case: the analysis
/// reads the rerun only, so no iteration is counted twice.
/// </summary>
public sealed class SupersededAttemptTests : IDisposable
{
    private readonly string _run = Path.Combine(Path.GetTempPath(), "energybench-superseded-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_run))
            Directory.Delete(_run, recursive: true);
    }

    private const string Report = """{ "Benchmarks": [] }""";

    private string Case(params string[] folders)
    {
        string results = Path.Combine([_run, .. folders, "results"]);
        SyntheticSamples.Write(results);
        File.WriteAllText(Path.Combine(results, "Bench-report-full.json"), Report);
        return results;
    }

    [Fact]
    public void Samples_and_reports_under_a_superseded_folder_are_not_read()
    {
        string rerun = Case("cases", "003-onnx-cpu-gpt2-tiny");
        Case("superseded", "003-onnx-cpu-gpt2-tiny-attempt1");
        Case("cases", "004-torch-cpu-gpt2-tiny", "superseded");

        Assert.Equal([Path.Combine(rerun, "gpt2-tiny-samples.csv")], SamplesReader.Find(_run));
        Assert.Equal([Path.Combine(rerun, "Bench-report-full.json")], ReportJsonReader.Find(_run));
    }

    [Fact]
    public void A_run_with_only_superseded_attempts_has_no_samples()
    {
        Case("superseded", "003-onnx-cpu-gpt2-tiny-attempt1");

        Assert.False(SamplesReader.Has(_run));
        Assert.Contains("no *-samples.csv", Assert.Throws<FileNotFoundException>(() => SamplesReader.Find(_run)).Message);
        Assert.Empty(ReportJsonReader.Find(_run));
    }

    [Fact]
    public void A_superseded_folder_given_itself_is_read()
    {
        string attempt = Case("superseded", "003-onnx-cpu-gpt2-tiny-attempt1");

        Assert.Equal([Path.Combine(attempt, "gpt2-tiny-samples.csv")], SamplesReader.Find(Path.Combine(_run, "superseded")));
    }

    [Fact]
    public void A_file_or_folder_merely_named_like_superseded_is_read()
    {
        string results = Case("cases", "005-superseded-model");
        File.Copy(Path.Combine(results, "gpt2-tiny-samples.csv"), Path.Combine(results, "superseded-samples.csv"));

        Assert.Equal(2, SamplesReader.Find(_run).Count);
    }
}
