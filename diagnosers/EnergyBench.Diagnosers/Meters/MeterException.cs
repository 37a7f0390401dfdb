namespace EnergyBench.Diagnosers.Meters;

/// <summary>A meter that cannot be opened or read; the message is the reason shown as n/a in reports.</summary>
public class MeterException(string message, Exception? inner = null) : Exception(message, inner);
