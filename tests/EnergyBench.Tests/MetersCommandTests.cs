namespace EnergyBench.Tests;

/// <summary><c>./run.sh meters</c>: what works, what does not and why, and a live reading.</summary>
public class MetersCommandTests
{
    [Fact]
    public void Lists_every_role_with_the_reason_for_what_is_not_available_and_reads_a_fake_rapl_tree()
    {
        using var rapl = new FakePowercapTree();
        rapl.AddZone("intel-rapl:0", "package-0", 0);
        AppProcess.Result result;
        using (rapl.DrawPower("intel-rapl:0", 40))
            result = AppProcess.Run(["meters", "--rapl-root", rapl.Root, "--nvml-lib", "/nonexistent/libnvidia-ml.so.1"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"ok\s+CPU energy\s+RAPL package-0", result.Output);
        Assert.Matches(@"n/a\s+GPU energy and usage\s+NVML: /nonexistent/libnvidia-ml.so.1 not found", result.Output);
        Assert.Matches(@"n/a\s+Wall energy\s+no wattmeter configured", result.Output);
        var power = System.Text.RegularExpressions.Regex.Match(result.Output, @"cpu_power_w\s+([0-9.]+) W \(counter\)");
        Assert.True(power.Success, result.Output);
        Assert.Equal(40, double.Parse(power.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), tolerance: 4.0);
    }

    [Fact]
    public void A_rapl_counter_that_does_not_advance_reads_na_with_a_warning_not_0_watts()
    {
        using var rapl = new FakePowercapTree();
        rapl.AddZone("intel-rapl:0", "package-0", 123_456_789); // never written again: a frozen counter
        var result = AppProcess.Run(["meters", "--rapl-root", rapl.Root]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"cpu_power_w\s+n/a", result.Output);
        Assert.Matches(@"warning: RAPL counter package-0 did not advance over [0-9.]+ s while the CPU was [0-9]+ % busy \(a frozen or virtualised counter\)",
            result.Output);
    }

    [Fact]
    public void Without_rapl_the_cpu_energy_is_an_estimate_and_says_so()
    {
        using var empty = new TempDirectory();
        var result = AppProcess.Run(["meters", "--rapl-root", empty.Path, "--tdp", "65"]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"n/a\s+CPU energy\s+no RAPL: .* has no intel-rapl package zone", result.Output);
        Assert.Matches(@"ok\s+CPU energy\s+estimated from system CPU load: TDP 65 W \(--tdp\)", result.Output);
        Assert.Matches(@"cpu_power_w\s+[0-9.]+ W \(estimated\)", result.Output);
    }

    [Theory]
    [InlineData("--idle", "soon", "--idle: 'soon' is not a duration")]
    [InlineData("--tdp", "-5", "--tdp: '-5' is not a positive number of watts")]
    [InlineData("--gpu", "first", "--gpu: 'first' is not an integer >= 0")]
    [InlineData("--wattmeter", "http://meter/netio.json", "--wattmeter: expected KIND:URL")]
    [InlineData("--wattmeter-outputs", "1,b", "--wattmeter-outputs: 'b' is not an integer >= 0")]
    [InlineData("--rapl-root", "/nonexistent/powercap", "--rapl-root: '/nonexistent/powercap' does not exist")]
    public void Bad_meter_options_give_one_line_and_exit_code_2(string option, string value, string expected)
    {
        var result = AppProcess.Run(["meters", option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {expected}", result.Error.Trim().Split('\n').Single());
    }

    [Fact]
    public void An_unreachable_wattmeter_is_na_with_the_reason_and_credentials_never_show()
    {
        var result = AppProcess.Run(["meters", "--wattmeter", "netio:http://127.0.0.1:9/netio.json"],
            new Dictionary<string, string> { ["BENCH_WATTMETER_USER"] = "admin", ["BENCH_WATTMETER_PASSWORD"] = "hunter2" });
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"n/a\s+Wall energy\s+netio wattmeter at http://127.0.0.1:9/netio.json: ", result.Output);
        Assert.DoesNotContain("hunter2", result.Output + result.Error);
    }
}
