namespace EnergyBench.Campaign;

/// <summary>
/// One benchmark case of a campaign's plan: what BenchmarkDotNet will run (one class, method, parameter set and job)
/// and how long it is expected to take.
/// </summary>
/// <param name="Index">Position in the whole plan before shuffling and sharding; it names the case's folder, so shards of one plan never collide.</param>
/// <param name="Key">Identity of the case across processes and machines (<see cref="Diagnosers.Samples.CaseKeys"/>): resume and merge match cases by it.</param>
/// <param name="Benchmark">The benchmark class (<c>OnnxCpu</c>).</param>
/// <param name="Configuration">The serving configuration's short name (<c>onnx-cpu</c>).</param>
/// <param name="Model">The <c>Model</c> parameter as given (a name or a directory).</param>
/// <param name="Parameters">Every other parameter, the method and the job, by name.</param>
/// <param name="Label">The configuration label the samples give it, unique within the whole plan (<c>onnx-cpu (Threads=2)</c>).</param>
/// <param name="EstimateSeconds">Expected wall time of the case, idle windows and build included; 0 until estimated.</param>
public sealed record PlannedCase(int Index, string Key, string Benchmark, string Configuration, string Model,
    IReadOnlyDictionary<string, string> Parameters, string Label, double EstimateSeconds = 0)
{
    /// <summary>The case's folder under the run directory's <see cref="CampaignLayout.CasesFolder"/>: <c>007-onnx-cpu-gpt2-tiny</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string FolderName => $"{Index:000}-{CampaignLayout.Slug(Configuration + "-" + Path.GetFileName(Model.TrimEnd('/', '\\')))}";
}
