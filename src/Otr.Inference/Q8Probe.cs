namespace Otr.Inference;

/// <summary>Observer of intermediate int8 vectors of the reference interpreter (diagnostics and tests).</summary>
internal delegate void Q8Probe(string site, ReadOnlySpan<sbyte> values);
