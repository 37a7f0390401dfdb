using System.Globalization;
using EnergyBench.Models.Hub;

namespace EnergyBench.Cli;

/// <summary>The words and numbers of a download's progress: sizes in B/KiB/MiB/GiB, rates in the same units per second, times as m:ss or h:mm:ss.</summary>
public static class TransferText
{
    private const int BarWidth = 20;
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Size(long bytes) => Scaled(bytes);

    public static string Rate(double bytesPerSecond) => Scaled(bytesPerSecond) + "/s";

    public static string Duration(TimeSpan time)
    {
        long seconds = (long)Math.Round(Math.Max(0, time.TotalSeconds));
        return seconds < 3600
            ? $"{seconds / 60}:{seconds % 60:00}"
            : $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}";
    }

    /// <summary>Whole percent of the file done, rounded down so that 100 means every byte; null when the size is unknown.</summary>
    public static int? Percent(DownloadProgress progress) =>
        progress.TotalBytes is { } total && total > 0 ? (int)Math.Min(100, progress.BytesDone * 100 / total) : null;

    /// <summary>The first line of a transfer: what is to come, and where a resumed one starts.</summary>
    public static string Start(DownloadProgress progress)
    {
        string total = progress.TotalBytes is { } size ? Size(size) : "size unknown";
        return progress.ResumedFrom > 0 ? $"continuing at {Size(progress.ResumedFrom)} of {total}" : $"downloading, {total}";
    }

    /// <summary>One line of a transfer under way, e.g. "40% 412.3 MiB of 1.01 GiB, 38.2 MiB/s, 0:16 left".</summary>
    public static string Progress(DownloadProgress progress, double? bytesPerSecond, TimeSpan? remaining)
    {
        string done = progress.TotalBytes is { } total ? $"{Percent(progress)}% {Size(progress.BytesDone)} of {Size(total)}" : Size(progress.BytesDone);
        return done + RateAndRemaining(bytesPerSecond, remaining, ", ");
    }

    /// <summary>The last line of a transfer: the size, the time it took and its average rate (of the bytes that arrived in it).</summary>
    public static string Done(DownloadProgress progress)
    {
        string time = Duration(progress.Elapsed);
        string amount = progress.ResumedFrom > 0
            ? $"{Size(progress.BytesDone)}, {Size(progress.Transferred)} of it in {time}"
            : $"{Size(progress.BytesDone)} in {time}";
        double seconds = progress.Elapsed.TotalSeconds;
        return $"done, {amount}" + (seconds > 0 ? $", {Rate(progress.Transferred / seconds)}" : "");
    }

    /// <summary>
    /// A one-line bar at most <paramref name="width"/> characters wide, e.g.
    /// "model.safetensors [########------------] 412.3 MiB / 1.01 GiB  38.2 MiB/s  0:16 left"; where it does not fit,
    /// the bar goes first, then the start of the file name.
    /// </summary>
    public static string BarLine(DownloadProgress progress, double? bytesPerSecond, TimeSpan? remaining, int width)
    {
        string amounts = progress.TotalBytes is { } total ? $"{Size(progress.BytesDone)} / {Size(total)}" : Size(progress.BytesDone);
        string tail = amounts + RateAndRemaining(bytesPerSecond, remaining, "  ");
        string bar = progress.TotalBytes is { } size && size > 0 ? " " + Bar((double)progress.BytesDone / size, BarWidth) : "";
        string line = $"{progress.File}{bar} {tail}";
        if (line.Length <= width)
            return line;
        line = $"{progress.File} {tail}";
        if (line.Length <= width)
            return line;
        int nameRoom = width - tail.Length - 2; // "…" and a space
        return nameRoom > 0 ? $"…{progress.File[^nameRoom..]} {tail}" : tail[..Math.Min(tail.Length, Math.Max(0, width))];
    }

    /// <summary>"[#####-----]" with <paramref name="width"/> characters between the brackets.</summary>
    public static string Bar(double fraction, int width)
    {
        int filled = (int)(Math.Clamp(fraction, 0, 1) * width);
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }

    private static string RateAndRemaining(double? bytesPerSecond, TimeSpan? remaining, string separator) =>
        (bytesPerSecond is { } rate ? separator + Rate(rate) : "") + (remaining is { } left ? $"{separator}{Duration(left)} left" : "");

    private static string Scaled(double amount)
    {
        int unit = 0;
        while (amount >= 1024 && unit < Units.Length - 1)
        {
            amount /= 1024;
            unit++;
        }
        // Whole bytes; three significant digits or so above.
        string format = unit == 0 ? "0" : amount < 10 ? "0.00" : amount < 100 ? "0.0" : "0";
        return amount.ToString(format, CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
