namespace Veil.Nn.Data;

/// <summary>
/// One split of MNIST in memory: <see cref="Count"/> grey-scale images of <see cref="Rows"/> x <see cref="Columns"/>
/// pixels (0 = white background, 255 = ink) and their digit labels.
/// </summary>
/// <remarks>Thread-safety: immutable after loading; safe for concurrent reads.</remarks>
public sealed class MnistDataset
{
    /// <summary>The SHA-256 of each original, uncompressed MNIST file, as distributed by LeCun and Cortes.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownSha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    private MnistDataset(MnistSplit split, int rows, int columns, byte[] pixels, byte[] labels)
    {
        Split = split;
        Rows = rows;
        Columns = columns;
        _pixels = pixels;
        _labels = labels;
    }

    /// <summary>Which split this is.</summary>
    public MnistSplit Split { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Image height in pixels (28).</summary>
    public int Rows { get; }

    /// <summary>Image width in pixels (28).</summary>
    public int Columns { get; }

    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>All pixels, image after image, row-major.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>All labels, 0 to 9.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an image.</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>A new data set holding the images at <paramref name="indices"/>, in that order (an index may repeat),
    /// with their labels: for training on a subset, e.g. one half of a membership-inference pool.</summary>
    /// <param name="indices">Which images, each in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an image.</exception>
    public MnistDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = PixelsPerImage;
        byte[] pixels = new byte[indices.Count * size];
        byte[] labels = new byte[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = _labels[indices[i]];
        }

        return new MnistDataset(Split, Rows, Columns, pixels, labels);
    }

    /// <summary>A new data set holding this one's images followed by <paramref name="other"/>'s (e.g. members from the
    /// training split and non-members from the test split, as one pool); it keeps this one's <see cref="Split"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The image sizes differ.</exception>
    public MnistDataset Concat(MnistDataset other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Guard.IsTrue(other.Rows == Rows && other.Columns == Columns, nameof(other), $"holds {other.Rows}x{other.Columns} images, not {Rows}x{Columns}");
        return new MnistDataset(Split, Rows, Columns, [.. _pixels, .. other._pixels], [.. _labels, .. other._labels]);
    }

    /// <summary>A copy of this data set with the labels replaced by <paramref name="labels"/> (the images are shared):
    /// for deliberately mislabelled examples such as privacy-audit canaries.</summary>
    /// <param name="labels">One label, 0 to 9, per image.</param>
    /// <exception cref="ArgumentException"><paramref name="labels"/> does not hold one label per image, or a label is not a digit.</exception>
    public MnistDataset WithLabels(ReadOnlySpan<byte> labels)
    {
        Guard.IsTrue(labels.Length == Count, nameof(labels), $"holds {labels.Length} labels for {Count} images");
        foreach (byte label in labels)
        {
            Guard.IsTrue(label <= 9, nameof(labels), $"holds {label}; digits are 0 to 9");
        }

        return new MnistDataset(Split, Rows, Columns, _pixels, labels.ToArray());
    }

    /// <summary>Loads the shipped copy of MNIST (the repository's <c>data/mnist</c>), verifying every checksum.</summary>
    /// <exception cref="DirectoryNotFoundException">The shipped data cannot be found.</exception>
    /// <exception cref="VeilFormatException">A file is missing its data, corrupt, or altered.</exception>
    public static MnistDataset LoadEmbedded(MnistSplit split) =>
        Load(AssetLocator.RequireDirectory(Path.Combine("data", "mnist")), split, verifyChecksums: true);

    /// <summary>
    /// Loads a split from <paramref name="directory"/>, which holds the original file names, plain or with <c>.gz</c>
    /// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>).
    /// </summary>
    /// <param name="directory">The folder to read.</param>
    /// <param name="split">Which split.</param>
    /// <param name="verifyChecksums">Compare each file's SHA-256 with the original MNIST's (turn off for other data in the same format, such as Fashion-MNIST).</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="VeilFormatException">A file is truncated or corrupt, its checksum differs, or images and labels disagree.</exception>
    public static MnistDataset Load(string directory, MnistSplit split, bool verifyChecksums = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string prefix = split == MnistSplit.Train ? "train" : "t10k";
        string imagesName = prefix + "-images-idx3-ubyte";
        string labelsName = prefix + "-labels-idx1-ubyte";
        var images = IdxFile.Read(Locate(directory, imagesName), expectedRank: 3);
        var labels = IdxFile.Read(Locate(directory, labelsName), expectedRank: 1);
        if (verifyChecksums)
        {
            Verify(directory, imagesName, images.Sha256);
            Verify(directory, labelsName, labels.Sha256);
        }

        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new VeilFormatException(
                $"{directory}: {imagesName} holds {images.Dimensions[0]} images but {labelsName} holds {labels.Dimensions[0]} labels.");
        }

        foreach (byte label in labels.Data)
        {
            if (label > 9)
            {
                throw new VeilFormatException($"{Path.Combine(directory, labelsName)}: a label is {label}; digits are 0 to 9.");
            }
        }

        return new MnistDataset(split, images.Dimensions[1], images.Dimensions[2], images.Data, labels.Data);
    }

    private static string Locate(string directory, string name)
    {
        string plain = Path.Combine(directory, name);
        string gzip = plain + ".gz";
        if (File.Exists(plain))
        {
            return plain;
        }

        if (File.Exists(gzip))
        {
            return gzip;
        }

        throw new FileNotFoundException($"{directory}: neither {name} nor {name}.gz is there.", gzip);
    }

    private static void Verify(string directory, string name, string actual)
    {
        if (!string.Equals(KnownSha256[name], actual, StringComparison.Ordinal))
        {
            throw new VeilFormatException(
                $"{Path.Combine(directory, name)}: SHA-256 {actual} differs from the original MNIST file's: the file is corrupt or not MNIST.");
        }
    }
}
