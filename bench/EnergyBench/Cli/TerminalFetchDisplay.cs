using EnergyBench.Models.Hub;

namespace EnergyBench.Cli;

/// <summary>One line redrawn in place while a file arrives; events and finished files scroll above it as ordinary lines.</summary>
public sealed class TerminalFetchDisplay(TextWriter output, Func<int> width) : FetchDisplay
{
    private TransferMeter _meter = new();
    private int _drawn; // characters of the bar on the current line; 0: the cursor is at the start of an empty line

    public override void Line(string text)
    {
        Clear();
        output.WriteLine(text);
    }

    public override void Transfer(DownloadProgress progress)
    {
        if (progress.Phase == DownloadPhase.Started)
            _meter = new TransferMeter();
        _meter.Add(progress.Elapsed, progress.BytesDone);
        if (progress.Phase == DownloadPhase.Finished)
            Line($"{progress.File}: {TransferText.Done(progress)}");
        else
            Draw(TransferText.BarLine(progress, _meter.BytesPerSecond, _meter.Remaining(progress.TotalBytes), width() - 1)); // the last column would wrap
    }

    private void Draw(string text)
    {
        output.Write("\r" + text + new string(' ', Math.Max(0, _drawn - text.Length)));
        output.Flush();
        _drawn = text.Length;
    }

    private void Clear()
    {
        if (_drawn == 0)
            return;
        output.Write("\r" + new string(' ', _drawn) + "\r");
        _drawn = 0;
    }

    /// <summary>A fetch that failed mid-file leaves its last bar, and the error starts on a line of its own.</summary>
    public override void Dispose()
    {
        if (_drawn > 0)
            output.WriteLine();
        _drawn = 0;
    }
}
