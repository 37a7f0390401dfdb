using EnergyBench.Models.Hub;

namespace EnergyBench.Cli;

/// <summary>Lines for a log: a transfer's start, one line every 10 % or 5 s, and its end with size, time and rate.</summary>
public sealed class PlainFetchDisplay(TextWriter output) : FetchDisplay
{
    private const int PercentStep = 10;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private TransferMeter _meter = new();
    private TimeSpan _lastLine;
    private int _nextPercent;

    public override void Line(string text) => output.WriteLine(text);

    public override void Transfer(DownloadProgress progress)
    {
        if (progress.Phase == DownloadPhase.Started)
            _meter = new TransferMeter();
        _meter.Add(progress.Elapsed, progress.BytesDone);
        switch (progress.Phase)
        {
            case DownloadPhase.Started:
                Line($"{progress.File}: {TransferText.Start(progress)}");
                Printed(progress);
                break;
            case DownloadPhase.Receiving when TransferText.Percent(progress) >= _nextPercent || progress.Elapsed - _lastLine >= Interval:
                Line($"{progress.File}: {TransferText.Progress(progress, _meter.BytesPerSecond, _meter.Remaining(progress.TotalBytes))}");
                Printed(progress);
                break;
            case DownloadPhase.Finished:
                Line($"{progress.File}: {TransferText.Done(progress)}");
                break;
        }
    }

    private void Printed(DownloadProgress progress)
    {
        _lastLine = progress.Elapsed;
        _nextPercent = TransferText.Percent(progress) is { } percent ? (percent / PercentStep + 1) * PercentStep : int.MaxValue;
    }
}
