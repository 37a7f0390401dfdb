namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>
/// Shelly Gen2+ plugs and relays (Plus Plug, 1PM...): <c>GET /rpc/Switch.GetStatus?id=N</c>, power in <c>apower</c>
/// (W), energy in <c>aenergy.total</c> (Wh, checked never to go down). Digest auth, when enabled, is answered from
/// the same credentials.
/// </summary>
public sealed class ShellyReader : IWattmeterReader
{
    private double? _lastEnergy;

    public ShellyReader(Uri address, IReadOnlyList<int> outputs)
    {
        int id = outputs.Count > 0 ? outputs[0] : 0;
        RequestUri = address.AbsolutePath is "" or "/" ? new Uri(address, $"/rpc/Switch.GetStatus?id={id}") : address;
    }

    public string Kind => "shelly";
    public Uri RequestUri { get; }
    public bool SendsBasicAuthUpFront => false;

    public double ParseWatts(string json)
    {
        const string meter = "Shelly";
        var root = JsonFields.Parse(json, meter);
        double watts = JsonFields.Watts(JsonFields.Number(JsonFields.Property(root, "apower", meter), "apower", meter), "apower", meter);
        if (root.TryGetProperty("aenergy", out var energy) && JsonFields.OptionalNumber(energy, "total", meter) is { } total)
        {
            if (_lastEnergy is { } last && total < last)
                throw new MeterException($"{meter}: energy counter went down ({last} -> {total} Wh)");
            _lastEnergy = total;
        }
        return watts;
    }
}
