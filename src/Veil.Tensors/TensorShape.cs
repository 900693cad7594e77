using System.Text;

namespace Veil.Tensors;

/// <summary>
/// The dimensions of a dense row-major tensor, outermost first: <c>[batch, channels, height, width]</c> for images.
/// Immutable; compared by value.
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    /// <summary>The largest rank Veil handles.</summary>
    public const int MaxRank = 8;

    private readonly int[]? _dimensions;

    /// <summary>Creates a shape from its dimensions, outermost first.</summary>
    /// <exception cref="ArgumentException">There are more than <see cref="MaxRank"/> dimensions, or the element count overflows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public TensorShape(params ReadOnlySpan<int> dimensions)
    {
        Guard.IsTrue(dimensions.Length <= MaxRank, nameof(dimensions), $"has {dimensions.Length} dimensions; at most {MaxRank} are supported");
        long count = 1;
        foreach (int d in dimensions)
        {
            Guard.NotNegative(d, nameof(dimensions));
            count *= d;
            Guard.IsTrue(count <= Array.MaxLength, nameof(dimensions), "describe more elements than an array can hold");
        }

        _dimensions = dimensions.ToArray();
        ElementCount = (int)count;
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions?.Length ?? 0;

    /// <summary>The product of the dimensions (1 for a scalar shape).</summary>
    public int ElementCount { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    /// <summary>The size of dimension <paramref name="axis"/>.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="axis"/> is not a dimension.</exception>
    public int this[int axis] => _dimensions![axis];

    /// <summary>The shape without its first dimension: the shape of one example of a batch.</summary>
    /// <exception cref="InvalidOperationException">The shape is a scalar.</exception>
    public TensorShape WithoutFirst()
    {
        if (Rank == 0)
        {
            throw new InvalidOperationException("A scalar shape has no first dimension.");
        }

        return new TensorShape(_dimensions.AsSpan(1));
    }

    /// <summary>This shape with <paramref name="first"/> prepended: a batch of <paramref name="first"/> of them.</summary>
    public TensorShape Prepend(int first)
    {
        Span<int> dims = stackalloc int[Rank + 1];
        dims[0] = first;
        Dimensions.CopyTo(dims[1..]);
        return new TensorShape(dims);
    }

    /// <inheritdoc />
    public bool Equals(TensorShape other) => Dimensions.SequenceEqual(other.Dimensions);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int d in Dimensions)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats the shape as <c>[2, 3, 4]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < Rank; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(this[i]);
        }

        return text.Append(']').ToString();
    }

    /// <summary>True when both shapes have the same dimensions.</summary>
    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    /// <summary>True when the shapes differ.</summary>
    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);
}
