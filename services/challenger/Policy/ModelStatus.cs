namespace Otr.Challenger;

/// <summary>How the receipt's model id relates to the L1 model registry and to the model this challenger runs.</summary>
public enum ModelStatus
{
    /// <summary>Registered on L1 and loaded here (weights root checked at start): the receipt can be re-executed.</summary>
    Served,

    /// <summary>Registered on L1 but this challenger does not run it: the receipt cannot be re-executed here (not a fault of the executor).</summary>
    NotServed,

    /// <summary>Not registered on L1: no receipt for it can be valid.</summary>
    NotRegistered,
}
