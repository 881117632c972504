using System.Diagnostics;

namespace Otr.Messaging;

/// <summary>
/// W3C trace-context header names, and helpers that carry the current <see cref="Activity"/> across the
/// bus so a trace runs from the client request to the L1 transaction.
/// </summary>
public static class TraceContextHeaders
{
    /// <summary>W3C <c>traceparent</c>: version, trace id, parent span id, flags.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C <c>tracestate</c>: vendor-specific trace data.</summary>
    public const string TraceState = "tracestate";

    /// <summary>W3C <c>baggage</c>: application key/values propagated with the trace.</summary>
    public const string Baggage = "baggage";

    /// <summary>Adds the trace context of <paramref name="activity"/> (if any) to <paramref name="headers"/>.</summary>
    public static void Inject(Activity? activity, IDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (activity?.Id is null || activity.IdFormat != ActivityIdFormat.W3C)
            return;
        headers[TraceParent] = activity.Id;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
            headers[TraceState] = activity.TraceStateString;
    }

    /// <summary>Reads the parent trace context from message headers, for starting a consumer span.</summary>
    public static bool TryExtract(IReadOnlyDictionary<string, string>? headers, out ActivityContext context)
    {
        context = default;
        return headers is not null
            && headers.TryGetValue(TraceParent, out var parent)
            && ActivityContext.TryParse(parent, headers.GetValueOrDefault(TraceState), isRemote: true, out context);
    }
}
