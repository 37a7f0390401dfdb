namespace EnergyBench.Cli;

/// <summary>Whether a console stream can show a display redrawn in place, and how wide it is.</summary>
public static class TerminalOutput
{
    /// <summary>
    /// A display redrawn in place needs a terminal: not a file or a pipe (logs, CI), and not TERM=dumb (editor shells),
    /// which does not move the cursor. Colour is another question (NO_COLOR), left to each display.
    /// </summary>
    public static bool RedrawsInPlace(bool redirected) =>
        !redirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Whether <paramref name="output"/> is standard output or standard error on such a terminal; any other writer is not.</summary>
    public static bool RedrawsInPlace(TextWriter output) =>
        output == Console.Out ? RedrawsInPlace(Console.IsOutputRedirected)
        : output == Console.Error && RedrawsInPlace(Console.IsErrorRedirected);

    /// <summary>The console's width in columns, 80 where it cannot be read.</summary>
    public static int Width()
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
