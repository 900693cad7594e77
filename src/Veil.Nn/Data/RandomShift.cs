using Veil.Tensors;

namespace Veil.Nn.Data;

/// <summary>
/// Data augmentation by translation: moves each image of a batch by a random whole number of pixels in each
/// direction (at most a given shift), filling the uncovered border with zeros (background after preprocessing).
/// </summary>
/// <remarks>Thread-safety: stateless; the caller's <see cref="System.Random"/> is not thread-safe, so drive one batch at a time.</remarks>
public static class RandomShift
{
    /// <summary>The largest shift accepted, in pixels.</summary>
    public const int MaxShift = 8;

    /// <summary>Translates every image of <paramref name="images"/> [n, channels, height, width] in place by
    /// (dy, dx), each drawn uniformly from [-<paramref name="maxShift"/>, <paramref name="maxShift"/>].</summary>
    /// <param name="images">The batch, changed in place.</param>
    /// <param name="maxShift">The largest shift in pixels, 0 to <see cref="MaxShift"/>; 0 leaves the batch alone.</param>
    /// <param name="random">Draws the shifts (a seeded generator makes training reproducible; this is not a secret).</param>
    /// <exception cref="ArgumentException">The tensor is not four-dimensional.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShift"/> is outside 0..<see cref="MaxShift"/>.</exception>
    public static void Apply(Tensor images, int maxShift, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxShift, MaxShift);
        Guard.IsTrue(images.Shape.Rank == 4, nameof(images), $"must be [n, channels, height, width]; got {images.Shape}");
        if (maxShift == 0)
        {
            return;
        }

        int n = images.Shape[0];
        int channels = images.Shape[1];
        int height = images.Shape[2];
        int width = images.Shape[3];
        int plane = height * width;
        Span<float> scratch = plane <= 4096 ? stackalloc float[plane] : new float[plane];
        Span<float> all = images.Span;
        for (int i = 0; i < n; i++)
        {
            int dy = random.Next(-maxShift, maxShift + 1);
            int dx = random.Next(-maxShift, maxShift + 1);
            for (int c = 0; c < channels; c++)
            {
                Translate(all.Slice(((i * channels) + c) * plane, plane), scratch, height, width, dy, dx);
            }
        }
    }

    /// <summary>Moves one plane by (dy, dx): pixel (y, x) goes to (y + dy, x + dx).</summary>
    private static void Translate(Span<float> plane, Span<float> scratch, int height, int width, int dy, int dx)
    {
        if (dy == 0 && dx == 0)
        {
            return;
        }

        plane.CopyTo(scratch);
        plane.Clear();
        int rowFrom = Math.Max(0, -dy);
        int rowTo = Math.Min(height, height - dy);
        int columnFrom = Math.Max(0, -dx);
        int length = width - Math.Abs(dx);
        if (length <= 0)
        {
            return;
        }

        for (int y = rowFrom; y < rowTo; y++)
        {
            scratch.Slice((y * width) + columnFrom, length).CopyTo(plane.Slice(((y + dy) * width) + columnFrom + dx, length));
        }
    }
}
