namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>Parses <c>--wattmeter KIND:URL</c> (e.g. <c>netio:http://10.0.0.5/netio.json</c>) into a reader.</summary>
public static class WattmeterAddress
{
    public static readonly IReadOnlyList<string> Kinds = ["netio", "shelly"];

    public static IWattmeterReader Parse(string value, IReadOnlyList<int> outputs)
    {
        int colon = value.IndexOf(':');
        string kind = colon > 0 ? value[..colon].ToLowerInvariant() : "";
        if (!Kinds.Contains(kind))
            throw new ArgumentException($"--wattmeter: expected KIND:URL with KIND one of {string.Join(", ", Kinds)} (e.g. netio:http://HOST/netio.json)");
        if (!Uri.TryCreate(value[(colon + 1)..], UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ArgumentException($"--wattmeter '{kind}:...': not an http(s) URL");
        if (uri.UserInfo.Length > 0)
            throw new ArgumentException("--wattmeter: put credentials in BENCH_WATTMETER_USER and BENCH_WATTMETER_PASSWORD, not in the URL");
        return kind switch
        {
            "netio" => new NetioReader(uri, outputs),
            _ => new ShellyReader(uri, outputs),
        };
    }
}
