namespace EnergyBench.Campaign.Progress;

/// <summary>Shows a campaign's progress (placeholder: plain lines).</summary>
public class CampaignProgress : IDisposable
{
    private int _total;

    public virtual bool IsLive => false;

    public static CampaignProgress For() => new();

    public virtual void Start(CampaignPlan plan, int alreadyDone) => _total = plan.Cases.Count;

    public virtual void CaseStarted(int position, PlannedCase c) => Console.WriteLine($"case {position} of {_total}: {c.Label} {c.Model}");

    public virtual void Iteration(int done, int planned) { }

    public virtual void CaseEnded(CaseRecord record) => Console.WriteLine($"case {record.Label}: {record.Outcome}");

    public virtual void Line(string text) => Console.WriteLine(text);

    public virtual void Dispose() { }
}
