using System.Diagnostics;
using System.Net;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Wattmeter;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The NETIO and Shelly readers against a scripted local server, good meters and bad.</summary>
public class WattmeterTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    // Generous for answers that come (a first request pays for JIT and connection setup), short for one that never does.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    private static string Netio(double load1, double load2, double energy1 = 100, double energy2 = 200) =>
        $$"""
        {"Agent":{"Model":"PowerBOX 4KF","JSONVer":"2.4","NumOutputs":2},
         "GlobalMeasure":{"Voltage":230.1,"Frequency":50.0,"TotalLoad":{{load1 + load2}},"TotalEnergy":300},
         "Outputs":[{"ID":1,"Name":"bench","State":1,"Load":{{load1}},"Energy":{{energy1}}},
                    {"ID":2,"Name":"screen","State":1,"Load":{{load2}},"Energy":{{energy2}}}]}
        """;

    private static WattmeterMeter OpenNetio(ScriptedHttpServer server, IReadOnlyList<int> outputs, NetworkCredential? credential = null,
        TimeSpan? timeout = null) =>
        WattmeterMeter.Open(WattmeterAddress.Parse($"netio:http://127.0.0.1:{server.Port}/netio.json", outputs), credential, Period, timeout ?? Timeout);

    [Fact]
    public void Netio_sums_the_chosen_outputs_and_sends_basic_auth()
    {
        using var server = new ScriptedHttpServer(_ => new(Body: Netio(41.5, 12)));
        using var meter = OpenNetio(server, [1], new NetworkCredential("reader", "s3cret"));
        var values = new double[1];
        meter.Read(values);
        Assert.Equal(41.5, values[0]);
        Assert.Contains("Authorization: Basic cmVhZGVyOnMzY3JldA==", server.Requests[0]); // reader:s3cret
        Assert.DoesNotContain("s3cret", meter.Description);

        using var all = OpenNetio(server, []);
        all.Read(values);
        Assert.Equal(53.5, values[0]);
    }

    [Theory]
    [InlineData(500, "", "HTTP 500")]
    [InlineData(401, "", "HTTP 401, check BENCH_WATTMETER_USER")]
    [InlineData(200, "<html>not json</html>", "answer is not JSON")]
    [InlineData(200, """{"Outputs":[{"ID":1,"Load":-5}]}""", "negative power")]
    [InlineData(200, """{"Outputs":[{"ID":1}]}""", "no 'Load'")]
    [InlineData(200, """{"Agent":{}}""", "no 'Outputs'")]
    [InlineData(200, """{"Outputs":[{"ID":2,"Load":5}]}""", "output 1 is not in the answer")]
    [InlineData(200, """{"Outputs":[{"ID":1,"Load":"abc"}]}""", "'Load' is not a number")]
    public void A_broken_or_lying_netio_is_a_reason_not_a_crash(int status, string body, string reason)
    {
        using var server = new ScriptedHttpServer(_ => new(status, body));
        var e = Assert.Throws<MeterException>(() => OpenNetio(server, [1]));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_energy_counter_that_goes_down_is_caught()
    {
        int calls = 0;
        using var server = new ScriptedHttpServer(_ => new(Body: Interlocked.Increment(ref calls) == 1 ? Netio(10, 0, energy1: 500) : Netio(10, 0, energy1: 499)));
        using var meter = OpenNetio(server, [1]);
        var e = Assert.Throws<MeterException>(() => meter.Read(new double[1]));
        Assert.Contains("energy counter went down", e.Message);
    }

    [Fact]
    public void A_silent_or_unreachable_meter_times_out_quickly()
    {
        using var silent = new ScriptedHttpServer(_ => new(Body: Netio(1, 1), Delay: TimeSpan.FromSeconds(30)));
        var watch = Stopwatch.StartNew();
        var timeout = Assert.Throws<MeterException>(() => OpenNetio(silent, [], timeout: ShortTimeout));
        Assert.Contains("no answer within 0.5 s", timeout.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());

        using var dropping = new ScriptedHttpServer(_ => new(Drop: true));
        Assert.Throws<MeterException>(() => OpenNetio(dropping, []));

        int port = dropping.Port;
        dropping.Dispose(); // nothing listens there any more: connection refused
        var refused = Assert.Throws<MeterException>(() => WattmeterMeter.Open(
            WattmeterAddress.Parse($"netio:http://127.0.0.1:{port}/netio.json", []), null, Period, Timeout));
        Assert.Contains("wattmeter at http://127.0.0.1", refused.Message);
    }

    [Fact]
    public void Shelly_reads_apower_from_the_switch_status()
    {
        using var server = new ScriptedHttpServer(_ => new(Body: """{"id":0,"output":true,"apower":87.25,"voltage":229.8,"aenergy":{"total":1234.5}}"""));
        using var meter = WattmeterMeter.Open(WattmeterAddress.Parse($"shelly:http://127.0.0.1:{server.Port}", []), null, Period, Timeout);
        var values = new double[1];
        meter.Read(values);
        Assert.Equal(87.25, values[0]);
        Assert.StartsWith("GET /rpc/Switch.GetStatus?id=0 ", server.Requests[0]);
    }

    [Theory]
    [InlineData("http://host/netio.json", "expected KIND:URL")]
    [InlineData("tasmota:http://host/", "expected KIND:URL")]
    [InlineData("netio:ftp://host/", "not an http(s) URL")]
    [InlineData("netio:http://user:pw@host/netio.json", "BENCH_WATTMETER_USER")]
    public void Bad_wattmeter_addresses_are_one_line_errors(string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => WattmeterAddress.Parse(value, []));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("pw@", e.Message);
    }
}
