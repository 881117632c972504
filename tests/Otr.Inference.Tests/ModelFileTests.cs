using CsCheck;
using Otr.Inference;

namespace Otr.Inference.Tests;

public sealed class ModelFileTests
{
    private static readonly Q8Model Model = DemoModelFactory.Create();
    private static readonly byte[] File = Model.ToBytes();

    [Fact]
    public void SaveLoad_DemoModel_RoundTripsBitForBit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"otr-q8-{Guid.NewGuid():N}.q8");
        try
        {
            Model.Save(path);
            var loaded = Q8Model.Load(path);
            Assert.Equal(Model.Name, loaded.Name);
            Assert.Equal(Model.Config, loaded.Config);
            Assert.Equal(Model.WeightsRoot, loaded.WeightsRoot);
            Assert.Equal(File, loaded.ToBytes());
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Load_Stream_ReadsTheSameModel()
    {
        using var stream = new MemoryStream(File);
        Assert.Equal(Model.WeightsRoot, Q8Model.Load(stream).WeightsRoot);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsTruncated()
    {
        Gen.Int[0, File.Length - 1].Sample(length =>
        {
            var e = Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes(File.AsSpan(0, length)));
            Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        }, iter: 300);
    }

    [Fact]
    public void Load_FlippedDataByte_ThrowsChecksumMismatch()
    {
        var corrupt = (byte[])File.Clone();
        corrupt[File.Length / 2] ^= 0x10;
        var e = Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes(corrupt));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnyFlippedByte_Throws()
    {
        Gen.Int[0, File.Length - 1].Sample(index =>
        {
            var corrupt = (byte[])File.Clone();
            corrupt[index] ^= 0x01;
            Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes(corrupt));
        }, iter: 60);
    }

    [Fact]
    public void Load_BadMagic_ThrowsNotAModel()
    {
        var corrupt = (byte[])File.Clone();
        corrupt[0] = (byte)'X';
        var e = Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes(corrupt));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FutureVersion_ThrowsUnsupported()
    {
        var corrupt = (byte[])File.Clone();
        corrupt[11] = 2;
        var e = Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes(corrupt));
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TrailingBytes_Throws()
    {
        var e = Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromBytes([.. File, 0]));
        Assert.Contains("trailing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTensors_WrongShape_Throws()
    {
        var tensors = Model.Tensors.ToArray();
        tensors[4] = Q8Tensor.FromInt8("tok_emb", [2, 2], new sbyte[4]);
        Assert.Throws<Q8ModelFormatException>(() => Q8Model.FromTensors("x", tensors));
    }

    [Fact]
    public void FromTensors_ExpTableWithZeroHead_Throws()
    {
        var bad = Model.Tensor("exp_table").WithElement(0, 0);
        Assert.Throws<Q8ModelFormatException>(() => Model.WithTensor(bad));
    }
}
