namespace Otr.Inference;

/// <summary>Element type of a <see cref="Q8Tensor"/>; the model file stores it as one byte.</summary>
public enum Q8ElementType
{
    /// <summary>Signed 8-bit integer, stored as one two's-complement byte.</summary>
    Int8 = 1,

    /// <summary>Signed 32-bit integer, stored as four big-endian bytes.</summary>
    Int32 = 2,
}
