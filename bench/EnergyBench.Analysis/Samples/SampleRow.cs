namespace EnergyBench.Analysis.Samples;

/// <summary>One line of a samples file: a metric's value in one measured iteration of one (model, configuration) case.</summary>
public sealed record SampleRow(string Model, string Configuration, int Iteration, string Metric, double Value, string Unit, string Source);
