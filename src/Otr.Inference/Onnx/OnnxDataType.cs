namespace Otr.Inference.Onnx;

/// <summary>The <c>TensorProto.DataType</c> values the graph uses.</summary>
internal enum OnnxDataType
{
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Double = 11,
}
