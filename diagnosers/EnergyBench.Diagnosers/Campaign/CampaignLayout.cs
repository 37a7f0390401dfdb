namespace EnergyBench.Campaign;

/// <summary>
/// Where a campaign keeps what it measured. Each case runs as a BenchmarkDotNet run of its own in its own folder, so a
/// case that finished is complete on disk whatever happens to the next one:
/// <code>
/// RUN/campaign.json              the plan: settings, protocol, seed, order, shard, estimates (<see cref="CampaignPlan"/>)
/// RUN/environment.json, .md      the machine and suite (captured when the run starts)
/// RUN/cases/NNN-config-model/    BenchmarkDotNet's artifacts for one case: results/, raw/, guard/, its log
/// RUN/cases/NNN-.../case.json    how the case ended (<see cref="CaseRecord"/>)
/// RUN/superseded/NNN-...-attemptK/  an interrupted attempt, moved aside when the case is rerun; never analysed
/// </code>
/// The analysis reads every <c>*-samples.csv</c> under RUN except under <see cref="SupersededFolder"/>.
/// </summary>
public static class CampaignLayout
{
    public const string PlanFile = "campaign.json";
    public const string CasesFolder = "cases";
    public const string CaseFile = "case.json";
    public const string SupersededFolder = "superseded";

    public static string PlanPath(string run) => Path.Combine(run, PlanFile);

    public static string CaseDirectory(string run, PlannedCase plannedCase) => Path.Combine(run, CasesFolder, plannedCase.FolderName);

    public static string CaseRecordPath(string run, PlannedCase plannedCase) => Path.Combine(CaseDirectory(run, plannedCase), CaseFile);

    /// <summary>Whether a directory holds a campaign (a plan file).</summary>
    public static bool IsCampaign(string run) => File.Exists(PlanPath(run));

    /// <summary>Letters, digits, '.', '_' and '-' only; anything else becomes '-', so a name is a safe folder name everywhere.</summary>
    public static string Slug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray();
        string slug = new string(chars).Trim('-');
        return slug.Length > 80 ? slug[..80] : slug;
    }
}
