using Veil.IO;

namespace Veil.Core.Tests.IO;

public class PayloadReaderTests
{
    [Fact]
    public void ReadingPastTheEndThrowsAFormatError()
    {
        var reader = new PayloadReader(new byte[6], "p");
        reader.ReadInt32();
        Assert.Throws<VeilFormatException>(() => reader.ReadInt32());
    }

    [Fact]
    public void ReadMemorySlicesWithoutCopyingAndRefusesTooMuch()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var reader = new PayloadReader(data, "five bytes");
        Assert.Equal(1, reader.ReadByte());
        ReadOnlyMemory<byte> slice = reader.ReadMemory(3);
        Assert.Equal(new byte[] { 2, 3, 4 }, slice.ToArray());
        data[2] = 9;
        Assert.Equal(9, slice.Span[1]);
        Assert.Equal(1, reader.Remaining);
        var error = Assert.Throws<VeilFormatException>(() => reader.ReadMemory(2));
        Assert.Contains("five bytes", error.Message);
    }

    [Fact]
    public void OutOfRangeCountsAreRefused()
    {
        var writer = new PayloadWriter();
        writer.WriteInt32(1_000_000);
        var reader = new PayloadReader(writer.WrittenSpan.ToArray(), "p");
        var ex = Assert.Throws<VeilFormatException>(() => reader.ReadInt32(1, 100, "a layer count"));
        Assert.Contains("a layer count", ex.Message);
    }

    [Fact]
    public void TrailingBytesAreRefused()
    {
        var reader = new PayloadReader(new byte[5], "p");
        reader.ReadInt32();
        Assert.Throws<VeilFormatException>(reader.EnsureEnd);
    }

    [Fact]
    public void InvalidUtf8IsAFormatError()
    {
        var writer = new PayloadWriter();
        writer.WriteInt32(2);
        writer.WriteBytes([0xC3, 0x28]);
        var reader = new PayloadReader(writer.WrittenSpan.ToArray(), "p");
        Assert.Throws<VeilFormatException>(() => reader.ReadString());
    }

    [Fact]
    public void ABooleanByteOtherThanZeroOrOneIsRefused()
    {
        var reader = new PayloadReader(new byte[] { 2 }, "p");
        Assert.Throws<VeilFormatException>(() => reader.ReadBoolean());
    }
}
