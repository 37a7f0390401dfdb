using System.Collections.Concurrent;
using EnergyBench.Cli;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EnergyBench.Campaign.Progress;

/// <summary>
/// A few lines redrawn in place on a terminal (Spectre.Console's live display), refreshed every
/// <c>refresh</c> so the elapsed time moves between events; ended cases and messages scroll above them.
/// Spectre's live display is not thread safe, so one thread of its own draws everything: the runner's events only
/// change the tally and queue lines. Long lines are cut with an ellipsis, so a narrow terminal never breaks it, and
/// a display that fails stops drawing while the run and its messages go on.
/// </summary>
public sealed class LiveCampaignProgress : CampaignProgress
{
    private const int BarWidth = 20;

    private readonly IAnsiConsole _console;
    private readonly TimeSpan _refresh;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Lock _gate = new(); // whether lines go through the drawing thread or straight to the console
    private Thread? _drawing;
    private bool _live;

    public LiveCampaignProgress(IAnsiConsole console) : this(console, TimeProvider.System, TimeSpan.FromMilliseconds(250)) { }

    public LiveCampaignProgress(IAnsiConsole console, TimeProvider clock, TimeSpan refresh) : base(clock)
    {
        _console = console;
        _refresh = refresh;
    }

    public override void Line(string text)
    {
        lock (_gate)
        {
            if (_live)
                _lines.Enqueue(text);
            else
                _console.Write(new MessageLine(text));
        }
    }

    protected override void OnStarted(ProgressSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_drawing is not null)
                return;
            _live = true;
            _drawing = new Thread(Draw) { IsBackground = true, Name = "campaign progress" };
            _drawing.Start();
        }
    }

    protected override void OnCaseStarted(ProgressSnapshot snapshot, PlannedCase plannedCase) { }

    protected override void OnIteration(ProgressSnapshot snapshot, PlannedCase plannedCase) { }

    protected override void OnCaseEnded(ProgressSnapshot snapshot, CaseRecord record, TimeSpan took) =>
        Line(ProgressText.Ended(snapshot, record, took));

    /// <summary>Draws the last state and returns once it is on the console.</summary>
    public override void Dispose()
    {
        _stop.Set();
        _drawing?.Join();
        WriteQueuedLines(); // none, unless the drawing thread failed
        base.Dispose();
    }

    private void Draw()
    {
        try
        {
            _console.Live(Render(Snapshot())).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
            {
                bool last;
                do
                {
                    last = _stop.Wait(_refresh);
                    context.UpdateTarget(Render(Snapshot()));
                    WriteQueuedLines(endsLive: last); // each line redraws the display below it, already up to date
                } while (!last);
            });
        }
        catch (Exception e) // a display that fails must not end a run of many hours; its lines still reach the console
        {
            lock (_gate)
                _live = false;
            _lines.Enqueue($"progress display stopped: {e.Message}");
        }
    }

    private void WriteQueuedLines(bool endsLive = false)
    {
        lock (_gate)
        {
            while (_lines.TryDequeue(out var line))
                _console.Write(new MessageLine(line));
            if (endsLive)
                _live = false;
        }
    }

    private static IRenderable Render(ProgressSnapshot s)
    {
        var lines = new List<IRenderable>();
        if (s.Running is { } running)
        {
            lines.Add(Cut(ProgressText.Case(s, running), new Style(decoration: Decoration.Bold)));
            string bar = s.IterationsPlanned > 0 ? " " + TransferText.Bar((double)s.IterationsDone / s.IterationsPlanned, BarWidth) : "";
            lines.Add(Cut(ProgressText.Iteration(s) + bar));
        }
        else
        {
            lines.Add(Cut(ProgressText.BetweenCases(s), new Style(decoration: Decoration.Bold)));
        }
        lines.Add(Cut(ProgressText.Times(s)));
        lines.Add(Cut(ProgressText.Outcomes(s)));
        return new Rows(lines);
    }

    private static Text Cut(string text, Style? style = null) => new Text(text, style) { Overflow = Overflow.Ellipsis };

    /// <summary>
    /// A message above the display. The display's lines are still on the screen where the message is written, so on
    /// an ANSI terminal it first erases them (they are drawn again below it); a shorter message would leave their ends.
    /// </summary>
    private sealed class MessageLine(string text) : Renderable
    {
        private const string EraseToEndOfScreen = "\u001b[0J";

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            if (options.Ansi)
                yield return Segment.Control(EraseToEndOfScreen);
            foreach (var segment in ((IRenderable)new Text(text)).Render(options, maxWidth))
                yield return segment;
            yield return Segment.LineBreak;
        }
    }
}
