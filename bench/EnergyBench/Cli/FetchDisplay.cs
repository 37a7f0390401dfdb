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
        RedrawsInPlace() ? new TerminalFetchDisplay(Console.Error, TerminalWidth) : new PlainFetchDisplay(Console.Error);

    /// <summary>
    /// A bar redrawn with '\r' needs a terminal: not a file or a pipe (logs, CI), and not TERM=dumb (editor shells),
    /// which does not move the cursor. The bar has no colours, so NO_COLOR asks nothing of it.
    /// </summary>
    private static bool RedrawsInPlace() =>
        !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
