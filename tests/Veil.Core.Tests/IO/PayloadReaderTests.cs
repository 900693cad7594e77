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
