using Veil.Tensors;

namespace Veil.Nn.Data;

/// <summary>
/// THE preprocessing of every MNIST model in Veil, in one place: a pixel p in 0..255 becomes the float32
/// <c>p / 255f</c> in [0, 1], and an image becomes a [1, 28, 28] tensor (channel, row, column; row-major as in the IDX
/// file). No mean subtraction, no standardisation. Encrypted and secret-shared evaluation must feed models exactly
/// these values (in double precision, <c>p / 255.0</c>); model files record it as <see cref="Id"/> under the property
/// <see cref="PropertyKey"/>.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class MnistPreprocessing
{
    /// <summary>The name of this preprocessing in model files.</summary>
    public const string Id = "mnist-pixel/255";

    /// <summary>The model property that names the preprocessing a model expects.</summary>
    public const string PropertyKey = "input.preprocessing";

    /// <summary>The divisor applied to raw pixel values.</summary>
    public const float PixelDivisor = 255f;

    /// <summary>The shape of one preprocessed image: [1, 28, 28].</summary>
    public static TensorShape ImageShape { get; } = new(1, 28, 28);

    /// <summary>The model input value for one raw pixel: <c>pixel / 255f</c>.</summary>
    public static float Scale(byte pixel) => pixel / PixelDivisor;

    /// <summary>Writes <c>destination[i] = pixels[i] / 255f</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Scale(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        Guard.LengthEquals(destination.Length, pixels.Length, nameof(destination));
        for (int i = 0; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] / PixelDivisor;
        }
    }

    /// <summary>Fills <paramref name="images"/> [n, 1, 28, 28] and <paramref name="labels"/> with the examples at
    /// <paramref name="indices"/>, preprocessed.</summary>
    /// <exception cref="ArgumentException">The shapes or lengths do not match the number of indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an image of the data set.</exception>
    public static void Gather(MnistDataset data, ReadOnlySpan<int> indices, Tensor images, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(images);
        Guard.IsTrue(images.Shape == ImageShape.Prepend(indices.Length), nameof(images), $"has shape {images.Shape}; expected {ImageShape.Prepend(indices.Length)}");
        Guard.IsTrue(labels.Length == indices.Length || labels.IsEmpty, nameof(labels), "must be empty or hold one entry per index");
        int size = data.PixelsPerImage;
        Span<float> to = images.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            Scale(data.Image(indices[i]), to.Slice(i * size, size));
            if (!labels.IsEmpty)
            {
                labels[i] = data.Labels[indices[i]];
            }
        }
    }

    /// <summary>The <paramref name="count"/> images from <paramref name="start"/>, preprocessed, as a new [count, 1, 28, 28] tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the data set.</exception>
    public static Tensor ImagesNew(MnistDataset data, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, data.Count, nameof(count));
        var images = new Tensor(ImageShape.Prepend(count));
        int size = data.PixelsPerImage;
        Scale(data.Pixels.Slice(start * size, count * size), images.Span);
        return images;
    }
}
