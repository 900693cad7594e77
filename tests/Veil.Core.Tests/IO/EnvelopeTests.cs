using Veil.IO;

namespace Veil.Core.Tests.IO;

public class EnvelopeTests
{
    private static readonly ObjectKind Kind = new("TEST");

    private static byte[] Sample(ushort version = 1)
    {
        var payload = new PayloadWriter();
        payload.WriteInt32(42);
        payload.WriteString("héllo");
        payload.WriteUInt64s([1UL, ulong.MaxValue, 7UL]);
        payload.WriteDouble(Math.PI);
        using var stream = new MemoryStream();
        Envelope.Write(stream, Kind, version, payload);
        return stream.ToArray();
    }

    [Fact]
    public void RoundTripRestoresEveryField()
    {
        var (version, reader) = Envelope.Read(new MemoryStream(Sample()), Kind, 1, "sample");
        Assert.Equal(1, version);
        Assert.Equal(42, reader.ReadInt32());
        Assert.Equal("héllo", reader.ReadString());
        ulong[] words = new ulong[3];
        reader.ReadUInt64s(words);
        Assert.Equal([1UL, ulong.MaxValue, 7UL], words);
        Assert.Equal(Math.PI, reader.ReadDouble());
        reader.EnsureEnd();
    }

    [Fact]
    public void AnEnvelopeWrittenInSegmentsIsTheSameBytesAsOneWrittenWhole()
    {
        byte[] whole = Sample();
        var (_, reader) = Envelope.Read(new MemoryStream(whole), Kind, 1, "sample");
        byte[] payload = new byte[reader.Remaining];
        reader.ReadBytes(payload);
        ReadOnlyMemory<byte>[] segments = [payload.AsMemory(0, 3), ReadOnlyMemory<byte>.Empty, payload.AsMemory(3, 10), payload.AsMemory(13)];
        using var stream = new MemoryStream();
        Envelope.Write(stream, Kind, 1, segments);
        Assert.Equal(whole, stream.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(Envelope.HeaderSize)]
    [InlineData(Envelope.HeaderSize + 5)]
    public void TruncatedDataIsRefusedWithItsSourceNamed(int keep)
    {
        byte[] data = Sample();
        var ex = Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(data[..keep]), Kind, 1, "cut.bin"));
        Assert.Contains("cut.bin", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void EveryFlippedPayloadBitIsCaughtByTheChecksum()
    {
        byte[] clean = Sample();
        for (int i = Envelope.HeaderSize; i < clean.Length; i++)
        {
            byte[] data = (byte[])clean.Clone();
            data[i] ^= 0x10;
            Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(data), Kind, 1, "x"));
        }
    }

    [Fact]
    public void AnotherKindIsRefused()
    {
        var ex = Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(Sample()), new ObjectKind("OTHR"), 1, "x"));
        Assert.Contains("'TEST'", ex.Message);
    }

    [Fact]
    public void ANewerVersionIsRefusedAsNewer()
    {
        var ex = Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(Sample(version: 3)), Kind, 2, "x"));
        Assert.Contains("newer", ex.Message);
    }

    [Fact]
    public void ADeclaredLengthOverTheCapIsRefusedBeforeAllocating()
    {
        byte[] data = Sample();
        BitConverter.TryWriteBytes(data.AsSpan(12, 8), ulong.MaxValue / 2);
        Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(data), Kind, 1, "x", maxPayload: 1 << 20));
    }

    [Fact]
    public void NotAVeilFileIsRefused()
    {
        byte[] data = new byte[100];
        var ex = Assert.Throws<VeilFormatException>(() => Envelope.Read(new MemoryStream(data), Kind, 1, "x"));
        Assert.Contains("not a Veil file", ex.Message);
    }

    [Fact]
    public void WriteFileThenReadFileRoundTrips()
    {
        string path = Path.Combine(Path.GetTempPath(), "veil-envelope-" + Guid.NewGuid() + ".bin");
        try
        {
            var payload = new PayloadWriter();
            payload.WriteSingles([1f, 2f, 3f]);
            Envelope.WriteFile(path, Kind, 1, payload);
            var (_, reader) = Envelope.ReadFile(path, Kind, 1);
            float[] values = new float[3];
            reader.ReadSingles(values);
            Assert.Equal([1f, 2f, 3f], values);
            reader.EnsureEnd();

            File.AppendAllText(path, "junk");
            Assert.Throws<VeilFormatException>(() => Envelope.ReadFile(path, Kind, 1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileIsAFileNotFoundError()
    {
        Assert.Throws<FileNotFoundException>(() => Envelope.ReadFile("/nonexistent/veil.bin", Kind, 1));
    }
}
