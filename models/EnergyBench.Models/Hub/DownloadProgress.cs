namespace EnergyBench.Models.Hub;

/// <summary>Where one transfer of a file stands: <see cref="DownloadPhase.Started"/> once, a few <see cref="DownloadPhase.Receiving"/>, <see cref="DownloadPhase.Finished"/> when the last byte arrived.</summary>
public enum DownloadPhase { Started, Receiving, Finished }

/// <summary>
/// One progress report of a file's transfer. <paramref name="BytesDone"/> counts the whole file, resumed bytes included;
/// <paramref name="ResumedFrom"/> is what was on disk when this transfer began (0 for a fresh one);
/// <paramref name="TotalBytes"/> is null when the hub states no size; <paramref name="Elapsed"/> is the time since this
/// transfer began, so the reader needs no clock of its own.
/// </summary>
public sealed record DownloadProgress(string File, DownloadPhase Phase, long BytesDone, long? TotalBytes, long ResumedFrom, TimeSpan Elapsed)
{
    /// <summary>The bytes that arrived in this transfer.</summary>
    public long Transferred => BytesDone - ResumedFrom;
}
