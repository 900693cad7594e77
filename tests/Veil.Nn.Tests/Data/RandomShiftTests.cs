using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.Nn.Tests.Data;

public sealed class RandomShiftTests
{
    [Fact]
    public void EachImageMovesAsAWholeByAtMostTheShiftAndKeepsItsPixels()
    {
        // A single bright pixel in the middle of each image: after the shift it is somewhere within the square of
        // side 2k+1 around where it was, with its value intact, and every other pixel is zero.
        const int n = 200, k = 2;
        var images = new Tensor(n, 1, 28, 28);
        for (int i = 0; i < n; i++)
        {
            images.Span[(i * 784) + (14 * 28) + 14] = i + 1;
        }

        RandomShift.Apply(images, k, new System.Random(5));

        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> image = images.Span.Slice(i * 784, 784);
            int at = image.IndexOfAnyExcept(0f);
            Assert.True(at >= 0, $"image {i} lost its pixel");
            Assert.Equal(i + 1, image[at]);
            Assert.Equal(-1, image[(at + 1)..].IndexOfAnyExcept(0f));
            int dy = (at / 28) - 14, dx = (at % 28) - 14;
            Assert.InRange(dy, -k, k);
            Assert.InRange(dx, -k, k);
            seen.Add((dy, dx));
        }

        Assert.Equal(25, seen.Count); // every shift in the square occurs among 200 draws
    }

    [Fact]
    public void PixelsMovedPastTheBorderAreDroppedAndTheGapIsZero()
    {
        var images = new Tensor(1, 1, 28, 28);
        images.Span.Fill(1f);
        RandomShift.Apply(images, 3, new System.Random(11));
        float sum = 0;
        foreach (float v in images.Span)
        {
            sum += v;
        }

        // A shift of (dy, dx) keeps (28 - |dy|)(28 - |dx|) pixels of an all-ones image.
        Assert.Contains(sum, Enumerable.Range(-3, 7).SelectMany(dy => Enumerable.Range(-3, 7).Select(dx => (float)((28 - Math.Abs(dy)) * (28 - Math.Abs(dx))))));
    }

    [Fact]
    public void ZeroShiftLeavesTheBatchAndTheSameSeedGivesTheSameBatch()
    {
        var a = new Tensor(8, 1, 28, 28);
        for (int i = 0; i < a.Span.Length; i++)
        {
            a.Span[i] = i % 17;
        }

        float[] original = a.Span.ToArray();
        RandomShift.Apply(a, 0, new System.Random(1));
        Assert.Equal(original, a.Span.ToArray());

        var b = new Tensor(8, 1, 28, 28);
        original.CopyTo(b.Span);
        RandomShift.Apply(a, 2, new System.Random(9));
        RandomShift.Apply(b, 2, new System.Random(9));
        Assert.Equal(a.Span.ToArray(), b.Span.ToArray());
        Assert.NotEqual(original, a.Span.ToArray());
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var images = new Tensor(1, 1, 28, 28);
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomShift.Apply(images, RandomShift.MaxShift + 1, new System.Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomShift.Apply(images, -1, new System.Random(1)));
        Assert.Throws<ArgumentException>(() => RandomShift.Apply(new Tensor(28, 28), 1, new System.Random(1)));
    }
}
