using EnergyBench.Models.Hub;

namespace EnergyBench.Cli;

/// <summary>Shows what a fetch does: its events as lines, and each download as a bar on a terminal or as a few lines elsewhere.</summary>
public abstract class FetchDisplay : IDisposable
{
    public abstract void Line(string text);

    public abstract void Transfer(DownloadProgress progress);

    public virtual void Dispose() { }

    /// <summary>For standard error, where a fetch reports (standard output carries only the snapshot folder).</summary>
    public static FetchDisplay ForStandardError() =>
        TerminalOutput.RedrawsInPlace(Console.IsErrorRedirected)
            ? new TerminalFetchDisplay(Console.Error, TerminalOutput.Width)
            : new PlainFetchDisplay(Console.Error);
}
