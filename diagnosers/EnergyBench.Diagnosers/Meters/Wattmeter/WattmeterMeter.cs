using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>
/// A networked wall-socket meter polled over HTTP and integrated over time. Each request has a hard timeout, so an
/// unreachable or silent meter ends the series with a reason instead of stalling the run. Credentials are used for
/// the request only; they appear in no message, log or report.
/// </summary>
public sealed class WattmeterMeter : IMeter
{
    public const string PowerChannel = "wall.power_w";

    private readonly IWattmeterReader _reader;
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue? _basicAuth;

    private WattmeterMeter(IWattmeterReader reader, NetworkCredential? credential, TimeSpan samplingPeriod, TimeSpan timeout)
    {
        _reader = reader;
        SamplingPeriod = samplingPeriod;
        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (credential is not null && reader.SendsBasicAuthUpFront)
            _basicAuth = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")));
        else if (credential is not null)
            handler.Credentials = credential;
        _client = new HttpClient(handler) { Timeout = timeout };
        Description = $"{reader.Kind} wattmeter at {reader.RequestUri.GetLeftPart(UriPartial.Path)}";
    }

    public string Name => "wattmeter";
    public string Description { get; }
    public IReadOnlyList<Channel> Channels { get; } = [new(PowerChannel, SeriesKind.Gauge, "W")];
    public TimeSpan SamplingPeriod { get; }

    /// <summary>Vendors publish no refresh rate for these meters; one second is assumed (NETIO's own examples poll at 1 Hz).</summary>
    public TimeSpan UpdatePeriod => TimeSpan.FromSeconds(1);

    /// <summary>Opens the meter and takes one reading, so a wrong address or password is reported before the run.</summary>
    public static WattmeterMeter Open(IWattmeterReader reader, NetworkCredential? credential, TimeSpan samplingPeriod, TimeSpan timeout)
    {
        var meter = new WattmeterMeter(reader, credential, samplingPeriod, timeout);
        try
        {
            meter.Read(stackalloc double[1]);
            return meter;
        }
        catch
        {
            meter.Dispose();
            throw;
        }
    }

    public void Read(Span<double> values)
    {
        string where = Description;
        using var request = new HttpRequestMessage(HttpMethod.Get, _reader.RequestUri);
        request.Headers.Authorization = _basicAuth;
        string body;
        try
        {
            using var response = _client.Send(request);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new MeterException($"{where}: HTTP 401, check BENCH_WATTMETER_USER and BENCH_WATTMETER_PASSWORD");
            if (!response.IsSuccessStatusCode)
                throw new MeterException($"{where}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            using var reader = new StreamReader(response.Content.ReadAsStream());
            body = reader.ReadToEnd();
        }
        catch (TaskCanceledException)
        {
            throw new MeterException($"{where}: no answer within {_client.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new MeterException($"{where}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new MeterException($"{where}: {e.Message}");
        }
        values[0] = _reader.ParseWatts(body);
    }

    public void Dispose() => _client.Dispose();
}
