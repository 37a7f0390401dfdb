namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>
/// NETIO PowerBOX / PowerCable JSON M2M API: <c>GET /netio.json</c> with HTTP Basic auth. Sums <c>Outputs[].Load</c>
/// (W) of the chosen outputs, or of every output when none is chosen (the outlet loads, not the box's own draw). The
/// Wh <c>Energy</c> counters are far too coarse to measure seconds with; they are only checked never to go down.
/// </summary>
public sealed class NetioReader(Uri address, IReadOnlyList<int> outputs) : IWattmeterReader
{
    private readonly Dictionary<int, double> _lastEnergy = [];

    public string Kind => "netio";
    public Uri RequestUri => address;
    public bool SendsBasicAuthUpFront => true;

    public double ParseWatts(string json)
    {
        const string meter = "NETIO";
        var root = JsonFields.Parse(json, meter);
        var list = JsonFields.Property(root, "Outputs", meter);
        if (list.ValueKind != System.Text.Json.JsonValueKind.Array)
            throw new MeterException($"{meter}: 'Outputs' is not a list");
        var byId = new Dictionary<int, System.Text.Json.JsonElement>();
        foreach (var output in list.EnumerateArray())
            byId[(int)JsonFields.Number(JsonFields.Property(output, "ID", meter), "ID", meter)] = output;

        var chosen = outputs.Count > 0 ? outputs : byId.Keys.Order().ToList();
        if (chosen.Count == 0)
            throw new MeterException($"{meter}: answer lists no outputs");
        double watts = 0;
        foreach (int id in chosen)
        {
            if (!byId.TryGetValue(id, out var output))
                throw new MeterException($"{meter}: output {id} is not in the answer (it has {string.Join(",", byId.Keys.Order())})");
            watts += JsonFields.Watts(JsonFields.Number(JsonFields.Property(output, "Load", meter), "Load", meter), $"Outputs[{id}].Load", meter);
            if (JsonFields.OptionalNumber(output, "Energy", meter) is { } energy)
            {
                if (_lastEnergy.TryGetValue(id, out double last) && energy < last)
                    throw new MeterException($"{meter}: output {id} energy counter went down ({last} -> {energy} Wh)");
                _lastEnergy[id] = energy;
            }
        }
        return watts;
    }
}
