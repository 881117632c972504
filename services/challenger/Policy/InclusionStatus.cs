namespace Otr.Challenger;

/// <summary>What L1 says about a receipt's membership in the batch it was published with.</summary>
public enum InclusionStatus
{
    /// <summary>The inclusion proof takes the receipt's batch leaf to the batch root posted on L1.</summary>
    Included,

    /// <summary>The batch is on L1 but the proof does not reach its root.</summary>
    NotIncluded,

    /// <summary>No batch with that index has been posted on L1.</summary>
    BatchNotPosted,

    /// <summary>
    /// Could not be determined: the receipt was published without a batch position, or the batch's
    /// digest list (needed to build the proof) never arrived. Not a finding; the verdict records it.
    /// </summary>
    Unknown,
}
