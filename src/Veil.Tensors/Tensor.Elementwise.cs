using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Tensors;

public sealed partial class Tensor
{
    /// <summary><c>destination[i] = a[i] + b[i]</c>. The destination may be an operand.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static void Add(Tensor a, Tensor b, Tensor destination)
    {
        CheckSameLength(a, b, destination);
        TP.Add(a.Span, b.Span, destination.Span);
    }

    /// <summary>Allocating twin of <see cref="Add"/>.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor AddNew(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Tensor(a.Shape);
        Add(a, b, result);
        return result;
    }

    /// <summary><c>destination[i] = a[i] · b[i]</c>. The destination may be an operand.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static void Multiply(Tensor a, Tensor b, Tensor destination)
    {
        CheckSameLength(a, b, destination);
        TP.Multiply(a.Span, b.Span, destination.Span);
    }

    /// <summary>Allocating twin of <see cref="Multiply"/>.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor MultiplyNew(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Tensor(a.Shape);
        Multiply(a, b, result);
        return result;
    }

    /// <summary><c>destination[i] = a[i] · scale</c>. The destination may be <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static void Scale(Tensor a, float scale, Tensor destination)
    {
        CheckSameLength(a, a, destination);
        TP.Multiply(a.Span, scale, destination.Span);
    }

    /// <summary>Writes, for each row of a rank-2 tensor, the column index of its largest element (the first on ties).</summary>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> is not rank 2, or <paramref name="destination"/> is not one entry per row.</exception>
    public static void ArgMaxRows(Tensor matrix, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Guard.IsTrue(matrix.Rank == 2, nameof(matrix), $"has shape {matrix.Shape}; a matrix is needed");
        Guard.LengthEquals(destination.Length, matrix.Shape[0], nameof(destination));
        int columns = matrix.Shape[1];
        for (int row = 0; row < destination.Length; row++)
        {
            destination[row] = TP.IndexOfMax(matrix.Span.Slice(row * columns, columns));
        }
    }

    private static void CheckSameLength(Tensor a, Tensor b, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(destination);
        Guard.LengthEquals(b.Length, a.Length, nameof(b));
        Guard.LengthEquals(destination.Length, a.Length, nameof(destination));
    }
}
