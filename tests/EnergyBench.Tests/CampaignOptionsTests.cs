using EnergyBench.Campaign;

namespace EnergyBench.Tests;

/// <summary>The campaign options are taken out of the command line, parsed, and refused in one line when wrong.</summary>
public class CampaignOptionsTests
{
    [Fact]
    public void Campaign_options_are_taken_out_and_the_rest_keeps_its_order()
    {
        var (options, others) = CampaignOptions.Extract(["--filter", "*", "--protocol", "paper", "--seed", "9", "--order", "plan",
            "--case-timeout", "2h", "--shard", "2/5", "--dry-run", "--threads", "2"]);

        Assert.Equal(["--filter", "*", "--threads", "2"], others);
        Assert.Equal("paper", options.Protocol!.Name);
        Assert.Equal(9, options.Seed);
        Assert.Equal(CaseOrder.Plan, options.Order);
        Assert.Equal(TimeSpan.FromHours(2), options.CaseTimeout);
        Assert.Equal(new ShardSpec(2, 5), options.Shard);
        Assert.True(options.DryRun);
        Assert.True(options.IsCampaign);
        Assert.False(CampaignOptions.Extract(["--filter", "*"]).Options.IsCampaign);
    }

    [Theory]
    [InlineData("--shard", "0/4", "--shard '0/4': expected i/n with 1 <= i <= n")]
    [InlineData("--shard", "5/4", "--shard '5/4': expected i/n with 1 <= i <= n")]
    [InlineData("--shard", "two", "--shard 'two': expected i/n")]
    [InlineData("--seed", "-3", "--seed '-3': expected a whole number >= 0")]
    [InlineData("--order", "alphabetical", "--order 'alphabetical': expected random or plan")]
    [InlineData("--protocol", "fast", "--protocol 'fast': expected quick or paper")]
    [InlineData("--case-timeout", "0", "--case-timeout: '0' is not a duration")]
    [InlineData("--plan", "/no/such/campaign.json", "--plan /no/such/campaign.json: no such file")]
    [InlineData("--resume", "/no/such/run", "--resume /no/such/run: no such run directory")]
    public void A_bad_value_is_refused_naming_the_option(string option, string value, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => CampaignOptions.Extract([option, value]));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Force_without_resume_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CampaignOptions.Extract(["--force"]));
        Assert.Contains("--force only applies to --resume", error.Message);
    }
}
