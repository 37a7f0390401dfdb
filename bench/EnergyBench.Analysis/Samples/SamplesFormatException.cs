namespace EnergyBench.Analysis.Samples;

/// <summary>A samples file that cannot be read; the message starts with the path (and line) and says what is wrong.</summary>
public sealed class SamplesFormatException(string message) : Exception(message);
