namespace EnergyBench.Diagnosers.Meters.Wattmeter;

/// <summary>
/// One kind of networked wall-socket meter: where to ask and how to read watts from its JSON answer. A reader keeps
/// what it needs to catch a lying meter (e.g. the last energy counter, which must never go down) and throws
/// <see cref="MeterException"/> on an answer it cannot trust.
/// </summary>
public interface IWattmeterReader
{
    /// <summary>"netio", "shelly"...: the prefix of the <c>--wattmeter</c> value.</summary>
    string Kind { get; }

    /// <summary>The URL to GET.</summary>
    Uri RequestUri { get; }

    /// <summary>True for meters that want HTTP Basic credentials sent up front (NETIO); otherwise they answer a challenge.</summary>
    bool SendsBasicAuthUpFront { get; }

    /// <summary>Watts drawn now by the selected outputs.</summary>
    double ParseWatts(string json);
}
