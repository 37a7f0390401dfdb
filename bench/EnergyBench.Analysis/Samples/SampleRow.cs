namespace EnergyBench.Analysis.Samples;

/// <summary>One line of a samples file: a metric's value in one measured iteration of one (model, configuration) case.</summary>
/// <param name="Launch">
/// The benchmark process the iteration ran in: the run directory the file came from (a run has one launch per case,
/// see <see cref="SamplesReader.LaunchOf"/>), so several runs read together keep their launches apart. Iterations of
/// one launch share its state (memory layout, JIT, clocks, neighbours), so the launch, not the iteration, is the
/// independent unit when runs are compared.
/// </param>
public sealed record SampleRow(string Model, string Configuration, int Iteration, string Metric, double Value, string Unit, string Source, string Launch = "");
