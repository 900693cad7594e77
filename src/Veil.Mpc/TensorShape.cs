using System.Collections.Immutable;

namespace Veil.Mpc;

/// <summary>The dimensions of a shared tensor, row-major: the last dimension varies fastest.</summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly ImmutableArray<int> _dimensions;

    /// <summary>Creates a shape from its dimensions.</summary>
    /// <exception cref="ArgumentException">No dimension is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or the element count exceeds int.MaxValue.</exception>
    public TensorShape(params ReadOnlySpan<int> dimensions)
    {
        Guard.IsTrue(dimensions.Length > 0, nameof(dimensions), "must hold at least one dimension");
        long count = 1;
        foreach (int dimension in dimensions)
        {
            Guard.Positive(dimension);
            count *= dimension;
            if (count > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), "The tensor has more than int.MaxValue elements.");
            }
        }

        _dimensions = [.. dimensions];
        Count = (int)count;
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>The number of elements: the product of the dimensions.</summary>
    public int Count { get; }

    /// <summary>The dimensions.</summary>
    public ImmutableArray<int> Dimensions => _dimensions;

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not a dimension.</exception>
    public int this[int axis] => _dimensions[Guard.InRange(axis < 0 ? axis + Rank : axis, 0, Rank - 1, nameof(axis))];

    /// <inheritdoc />
    public bool Equals(TensorShape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int dimension in _dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _dimensions) + "]";
}
