namespace Veil.Arithmetic;

/// <summary>
/// A polynomial of degree below N in residue number system form: one row of N residues for each of the first
/// <see cref="Count"/> moduli of a basis, stored contiguously. Whether the rows hold coefficients or NTT evaluations,
/// and which moduli they belong to, is tracked by the owner (a ciphertext, a key), not here.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent writes; concurrent reads are safe.</remarks>
public sealed class RnsPoly
{
    private readonly ulong[] _data;

    /// <summary>Creates a zero polynomial with <paramref name="count"/> rows of <paramref name="n"/> residues, able to grow
    /// to <paramref name="capacity"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or count exceeds capacity.</exception>
    public RnsPoly(int n, int count, int capacity = -1)
    {
        Guard.Positive(n);
        Guard.NotNegative(count);
        if (capacity < 0)
        {
            capacity = count;
        }

        Guard.InRange(count, 0, capacity);
        N = n;
        Count = count;
        Capacity = capacity;
        long size = (long)n * Math.Max(capacity, 1);
        if (size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The polynomial would exceed the largest array.");
        }

        _data = new ulong[size];
    }

    /// <summary>Number of coefficients (or evaluations) per row.</summary>
    public int N { get; }

    /// <summary>Number of rows in use.</summary>
    public int Count { get; private set; }

    /// <summary>Number of rows the storage holds.</summary>
    public int Capacity { get; }

    /// <summary>Row <paramref name="index"/>: the residues modulo the index-th modulus.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Count).</exception>
    public Span<ulong> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Row index must be in [0, {Count}).");
            }

            return _data.AsSpan(index * N, N);
        }
    }

    /// <summary>All rows in use, row after row.</summary>
    public Span<ulong> AsSpan() => _data.AsSpan(0, Count * N);

    /// <summary>Changes the number of rows in use. New rows are zero when they have never been written; otherwise
    /// they hold what was last there, so callers overwrite them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> exceeds the capacity.</exception>
    public void Resize(int count)
    {
        Guard.InRange(count, 0, Capacity);
        Count = count;
    }

    /// <summary>Sets every residue in use to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>Copies the first <paramref name="destination"/>.Count rows into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The shapes are incompatible.</exception>
    public void CopyTo(RnsPoly destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Guard.IsTrue(destination.N == N && destination.Count <= Count, nameof(destination), "must have the same N and no more rows");
        if (!ReferenceEquals(destination, this))
        {
            _data.AsSpan(0, destination.Count * N).CopyTo(destination._data);
        }
    }

    /// <summary>Returns a copy with the same rows in use and the same capacity.</summary>
    public RnsPoly Clone()
    {
        var copy = new RnsPoly(N, Count, Capacity);
        AsSpan().CopyTo(copy._data);
        return copy;
    }
}
