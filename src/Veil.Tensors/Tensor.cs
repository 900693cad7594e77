namespace Veil.Tensors;

/// <summary>
/// A dense float32 tensor: a shape over contiguous row-major memory. Views made by <see cref="Reshape(TensorShape)"/>
/// and <see cref="Slice"/> share the memory of the tensor they come from.
/// </summary>
/// <remarks>
/// The static methods (<see cref="MatMul"/>, <see cref="Add"/>, <see cref="Conv2d"/>, ...) are the kernels: each writes into a destination
/// the caller provides, and has an allocating twin whose name ends in <c>New</c>.
/// Thread-safety: a tensor is a plain buffer: concurrent reads are safe, a write concurrent with any other access is not.
/// </remarks>
public sealed partial class Tensor
{
    private readonly float[] _data;
    private readonly int _offset;

    /// <summary>Creates a zero-filled tensor of <paramref name="shape"/>.</summary>
    public Tensor(TensorShape shape)
        : this(new float[shape.ElementCount], 0, shape)
    {
    }

    /// <summary>Creates a zero-filled tensor with the given dimensions.</summary>
    /// <exception cref="ArgumentException">The dimensions are not a valid shape.</exception>
    public Tensor(params ReadOnlySpan<int> dimensions)
        : this(new TensorShape(dimensions))
    {
    }

    private Tensor(float[] data, int offset, TensorShape shape)
    {
        _data = data;
        _offset = offset;
        Shape = shape;
    }

    /// <summary>The dimensions.</summary>
    public TensorShape Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Length => Shape.ElementCount;

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => _data.AsSpan(_offset, Length);

    /// <summary>The elements as read-only memory (for code that must hold them across an await or a thread hop).</summary>
    public ReadOnlyMemory<float> Memory => _data.AsMemory(_offset, Length);

    /// <summary>The element at a multi-dimensional index.</summary>
    /// <exception cref="ArgumentException">The index has the wrong rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its dimension.</exception>
    public float this[params ReadOnlySpan<int> index]
    {
        get => _data[_offset + FlatIndex(index)];
        set => _data[_offset + FlatIndex(index)] = value;
    }

    /// <summary>Creates a tensor holding a copy of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The number of values differs from the shape's element count.</exception>
    public static Tensor FromValues(ReadOnlySpan<float> values, TensorShape shape)
    {
        Guard.LengthEquals(values.Length, shape.ElementCount, nameof(values));
        var tensor = new Tensor(shape);
        values.CopyTo(tensor.Span);
        return tensor;
    }

    /// <summary>Creates a tensor that uses <paramref name="data"/> as its memory, without copying.</summary>
    /// <exception cref="ArgumentException">The array's length differs from the shape's element count.</exception>
    public static Tensor Wrap(float[] data, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.LengthEquals(data.Length, shape.ElementCount, nameof(data));
        return new Tensor(data, 0, shape);
    }

    /// <summary>A view of the same elements with another shape of the same element count.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(TensorShape shape)
    {
        Guard.IsTrue(shape.ElementCount == Length, nameof(shape), $"{shape} holds {shape.ElementCount} elements, the tensor {Shape} holds {Length}");
        return new Tensor(_data, _offset, shape);
    }

    /// <summary>A view of the same elements with other dimensions of the same element count.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(params ReadOnlySpan<int> dimensions) => Reshape(new TensorShape(dimensions));

    /// <summary>A view of <paramref name="count"/> entries of the first dimension, from <paramref name="start"/>
    /// (rows <c>start .. start+count-1</c> of a batch).</summary>
    /// <exception cref="InvalidOperationException">The tensor is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the first dimension.</exception>
    public Tensor Slice(int start, int count)
    {
        if (Rank == 0)
        {
            throw new InvalidOperationException("A scalar tensor cannot be sliced.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Shape[0], nameof(count));
        int inner = Shape[0] == 0 ? 0 : Length / Shape[0];
        Span<int> dims = stackalloc int[Rank];
        Shape.Dimensions.CopyTo(dims);
        dims[0] = count;
        return new Tensor(_data, _offset + (start * inner), new TensorShape(dims));
    }

    /// <summary>A new tensor with a copy of the elements.</summary>
    public Tensor Clone() => FromValues(Span, Shape);

    /// <summary>Copies the elements into <paramref name="destination"/>, which must have the same element count.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public void CopyTo(Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Guard.LengthEquals(destination.Length, Length, nameof(destination));
        Span.CopyTo(destination.Span);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(float value) => Span.Fill(value);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Describes the tensor by its shape.</summary>
    public override string ToString() => $"Tensor{Shape}";

    /// <summary>
    /// A buffer of <paramref name="shape"/> for code that overwrites it: <paramref name="tensor"/> itself when it has
    /// that shape, a view of its memory when that is large enough (a smaller last batch), else a new tensor. The
    /// contents are unspecified. This is how layers reuse their buffers from batch to batch without allocating.
    /// </summary>
    public static Tensor Reuse(Tensor? tensor, TensorShape shape)
    {
        if (tensor is null)
        {
            return new Tensor(shape);
        }

        if (tensor.Shape == shape)
        {
            return tensor;
        }

        return tensor._offset == 0 && tensor._data.Length >= shape.ElementCount ? new Tensor(tensor._data, 0, shape) : new Tensor(shape);
    }

    private int FlatIndex(ReadOnlySpan<int> index)
    {
        Guard.IsTrue(index.Length == Rank, nameof(index), $"has {index.Length} components; the tensor has rank {Rank}");
        int flat = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            int i = index[axis];
            if ((uint)i >= (uint)Shape[axis])
            {
                throw new ArgumentOutOfRangeException(nameof(index), i, $"Index {i} is outside dimension {axis} of size {Shape[axis]}.");
            }

            flat = (flat * Shape[axis]) + i;
        }

        return flat;
    }
}
