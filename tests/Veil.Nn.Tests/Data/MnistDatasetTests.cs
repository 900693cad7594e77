using System.IO.Compression;
using Veil.Nn.Data;

namespace Veil.Nn.Tests.Data;

public sealed class MnistDatasetTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-mnist-" + Guid.NewGuid());

    public MnistDatasetTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheEmbeddedTestSetLoadsAndVerifies()
    {
        var test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(28, test.Rows);
        Assert.Equal(28, test.Columns);
        Assert.Equal(7, test.Labels[0]); // the first test digit of MNIST is a 7
        int[] perDigit = new int[10];
        foreach (byte label in test.Labels)
        {
            perDigit[label]++;
        }

        Assert.Equal(980, perDigit[0]); // published class counts of the test set
        Assert.Equal(1135, perDigit[1]);
    }

    [Fact]
    public void TheEmbeddedTrainingSetLoads()
    {
        var train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        Assert.Equal(60_000, train.Count);
        Assert.Equal(5, train.Labels[0]);
    }

    [Fact]
    public void PlainFilesLoadFromAnyDirectory()
    {
        WriteIdx("t10k-images-idx3-ubyte", Images(3), gzip: false);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(3), gzip: false);
        var set = MnistDataset.Load(_directory, MnistSplit.Test, verifyChecksums: false);
        Assert.Equal(3, set.Count);
        Assert.Equal(2, set.Labels[2]);
        Assert.Equal(2, set.Image(2)[0]);
    }

    [Fact]
    public void AChecksumMismatchIsRefusedWhenVerifying()
    {
        WriteIdx("t10k-images-idx3-ubyte", Images(3), gzip: true);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(3), gzip: true);
        var ex = Assert.Throws<VeilFormatException>(() => MnistDataset.Load(_directory, MnistSplit.Test));
        Assert.Contains("t10k-images-idx3-ubyte", ex.Message);
        Assert.Contains("SHA-256", ex.Message);
    }

    [Fact]
    public void ATruncatedFileIsNamedInTheError()
    {
        byte[] images = Images(3);
        WriteIdx("t10k-images-idx3-ubyte", images[..(images.Length - 10)], gzip: true);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(3), gzip: true);
        var ex = Assert.Throws<VeilFormatException>(() => MnistDataset.Load(_directory, MnistSplit.Test, verifyChecksums: false));
        Assert.Contains("t10k-images-idx3-ubyte.gz", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void ACorruptGzipIsNamedInTheError()
    {
        File.WriteAllBytes(Path.Combine(_directory, "t10k-images-idx3-ubyte.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(3), gzip: true);
        var ex = Assert.Throws<VeilFormatException>(() => MnistDataset.Load(_directory, MnistSplit.Test, verifyChecksums: false));
        Assert.Contains("t10k-images-idx3-ubyte.gz", ex.Message);
    }

    [Fact]
    public void AWrongMagicIsRefused()
    {
        byte[] images = Images(3);
        images[2] = 0x0D; // float elements
        WriteIdx("t10k-images-idx3-ubyte", images, gzip: false);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(3), gzip: false);
        Assert.Throws<VeilFormatException>(() => MnistDataset.Load(_directory, MnistSplit.Test, verifyChecksums: false));
    }

    [Fact]
    public void ImagesAndLabelsMustAgreeInCount()
    {
        WriteIdx("t10k-images-idx3-ubyte", Images(3), gzip: false);
        WriteIdx("t10k-labels-idx1-ubyte", Labels(2), gzip: false);
        Assert.Throws<VeilFormatException>(() => MnistDataset.Load(_directory, MnistSplit.Test, verifyChecksums: false));
    }

    [Fact]
    public void AMissingFileIsAFileNotFoundError()
    {
        Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(_directory, MnistSplit.Train, verifyChecksums: false));
    }

    private static byte[] Images(int count)
    {
        byte[] data = new byte[16 + (count * 784)];
        data[2] = 0x08;
        data[3] = 3;
        BitConverter.TryWriteBytes(data.AsSpan(4), System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(count));
        data[11] = 28;
        data[15] = 28;
        for (int i = 0; i < count; i++)
        {
            data[16 + (i * 784)] = (byte)i;
        }

        return data;
    }

    private static byte[] Labels(int count)
    {
        byte[] data = new byte[8 + count];
        data[2] = 0x08;
        data[3] = 1;
        BitConverter.TryWriteBytes(data.AsSpan(4), System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(count));
        for (int i = 0; i < count; i++)
        {
            data[8 + i] = (byte)i;
        }

        return data;
    }

    private void WriteIdx(string name, byte[] data, bool gzip)
    {
        string path = Path.Combine(_directory, name + (gzip ? ".gz" : string.Empty));
        using var file = File.Create(path);
        if (gzip)
        {
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(data);
        }
        else
        {
            file.Write(data);
        }
    }
}
