namespace EnergyBench.Models.Hub;

/// <summary>
/// A download from the Hugging Face hub failed in a way the user can fix (no network, no access, a missing repo or file,
/// a corrupt transfer). The message is one line and never holds the token. An <see cref="IOException"/>, so the
/// command line prints it as a one-line error.
/// </summary>
public sealed class HubException(string message, Exception? inner = null) : IOException(message, inner);
