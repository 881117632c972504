using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Otr.ServiceDefaults;

/// <summary>
/// The service's own <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named <c>Otr.&lt;Service&gt;</c>, registered as a singleton by <c>AddOtrServiceDefaults</c>.
/// Instruments should be named <c>otr.&lt;service&gt;.&lt;thing&gt;</c> with units.
/// </summary>
public sealed class OtrServiceTelemetry : IDisposable
{
    /// <summary>Creates the source and meter for <paramref name="serviceName"/> (e.g. "Sequencer").</summary>
    public OtrServiceTelemetry(string serviceName, IMeterFactory meterFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ServiceName = serviceName;
        Name = SourceNameOf(serviceName);
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory.Create(Name);
    }

    /// <summary>The service name as given, e.g. "Sequencer".</summary>
    public string ServiceName { get; }

    /// <summary>The telemetry name, <c>Otr.&lt;Service&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Source for the service's spans.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Meter for the service's instruments (owned by the meter factory).</summary>
    public Meter Meter { get; }

    /// <summary>The ActivitySource/Meter name of a service: <c>Otr.</c> + the service name, unless it already starts with it.</summary>
    public static string SourceNameOf(string serviceName) =>
        serviceName.StartsWith("Otr.", StringComparison.Ordinal) ? serviceName : "Otr." + serviceName;

    /// <inheritdoc />
    public void Dispose() => ActivitySource.Dispose();
}
