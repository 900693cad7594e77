using Veil.Mpc.Kernels;
using Veil.Mpc.Protocols;

namespace Veil.Mpc;

/// <summary>
/// One party's additive shares of a tensor over Z_2^64: the tensor is the sum of all parties' shares mod 2^64,
/// read as signed fixed point with <see cref="FractionalBits"/> fractional bits. This is the tensor API; the methods
/// that need communication delegate to the protocols in <see cref="Protocols"/>, which every party must call in the
/// same order with the same shapes.
/// </summary>
/// <remarks>
/// Products carry the sum of their operands' fractional bits; <see cref="Rescale"/> truncates back to the context's
/// format. Adding tensors of different fractional bits throws, as a guard against forgotten truncations.
/// Thread-safety: immutable; operations need the context's thread.
/// </remarks>
public sealed class SharedTensor
{
    private readonly ulong[] _shares;

    internal SharedTensor(MpcContext context, TensorShape shape, ulong[] shares, int fractionalBits, int? knownTo = null)
    {
        DebugGuard.LengthEquals(shares.Length, shape.Count, nameof(shares));
        Context = context;
        Shape = shape;
        _shares = shares;
        FractionalBits = fractionalBits;
        KnownTo = knownTo;
    }

    /// <summary>The context (party) these shares belong to.</summary>
    public MpcContext Context { get; }

    /// <summary>The tensor's shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Count => _shares.Length;

    /// <summary>Fractional bits of the encoding: the context's f for reals, 2f after a product, 0 for integers.</summary>
    public int FractionalBits { get; }

    /// <summary>This party's shares, row-major.</summary>
    public ReadOnlySpan<ulong> Shares => _shares;

    /// <summary>
    /// The party that knows this tensor's values in the clear because it shared them (<see cref="Share"/>,
    /// <see cref="ShareEncoded"/>); null for every other tensor, including everything computed from a shared one.
    /// It admits the one-sided mask of <see cref="Prepare(int)"/>.
    /// </summary>
    public int? KnownTo { get; }

    internal ulong[] Buffer => _shares;

    /// <summary>
    /// Secret-shares the values of party <paramref name="owner"/> at the context's fixed-point format, with no
    /// communication: each other party expands its share from the seed it shares with the owner, and the owner keeps
    /// the difference. Every party calls it; only the owner passes values (the others pass an empty span).
    /// </summary>
    /// <exception cref="ArgumentException">The owner's values do not match <paramref name="shape"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or too large for the format, or the owner is not a party.</exception>
    public static SharedTensor Share(MpcContext context, int owner, ReadOnlySpan<double> values, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shape);
        ulong[] encoded = [];
        if (context.PartyId == context.CheckParty(owner, nameof(owner)))
        {
            Guard.LengthEquals(values.Length, shape.Count, nameof(values));
            encoded = new ulong[shape.Count];
            context.FixedPoint.Encode(values, encoded);
        }

        return Sharing.Share(context, owner, encoded, shape, context.FixedPoint.FractionalBits);
    }

    /// <summary>Secret-shares ring elements of party <paramref name="owner"/> that already carry <paramref name="fractionalBits"/> fractional bits.</summary>
    /// <exception cref="ArgumentException">The owner's values do not match <paramref name="shape"/>.</exception>
    public static SharedTensor ShareEncoded(MpcContext context, int owner, ReadOnlySpan<ulong> encoded, TensorShape shape, int fractionalBits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shape);
        if (context.PartyId == context.CheckParty(owner, nameof(owner)))
        {
            Guard.LengthEquals(encoded.Length, shape.Count, nameof(encoded));
        }

        return Sharing.Share(context, owner, encoded, shape, Guard.InRange(fractionalBits, 0, 62));
    }

    /// <summary>Wraps shares this party already holds (for instance stored between sessions). The array is taken, not copied.</summary>
    /// <exception cref="ArgumentException">The array does not match <paramref name="shape"/>.</exception>
    public static SharedTensor FromShares(MpcContext context, TensorShape shape, ulong[] shares, int fractionalBits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(shares);
        Guard.LengthEquals(shares.Length, shape.Count, nameof(shares));
        return new SharedTensor(context, shape, shares, Guard.InRange(fractionalBits, 0, 62));
    }

    /// <summary>A sharing of public values every party knows: party 0 holds them, the others hold zeros.</summary>
    /// <exception cref="ArgumentException">The values do not match <paramref name="shape"/>.</exception>
    public static SharedTensor Public(MpcContext context, ReadOnlySpan<double> values, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shape);
        Guard.LengthEquals(values.Length, shape.Count, nameof(values));
        var shares = new ulong[shape.Count];
        if (context.PartyId == 0)
        {
            context.FixedPoint.Encode(values, shares);
        }

        return new SharedTensor(context, shape, shares, context.FixedPoint.FractionalBits);
    }

    /// <summary>Opens the tensor to every party (one round) and decodes it.</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">A party is out of step.</exception>
    public double[] Reveal() => Decode(RevealEncoded());

    /// <summary>Opens the tensor to <paramref name="party"/> only (one round); returns the values there and null elsewhere.</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">A party is out of step.</exception>
    public double[]? RevealTo(int party) => RevealEncodedTo(party) is { } encoded ? Decode(encoded) : null;

    /// <summary>Opens the ring elements to every party (one round).</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    public ulong[] RevealEncoded()
    {
        using var scope = Context.Stats.Measure("reveal");
        return Opening.OpenArithmetic(Context, _shares);
    }

    /// <summary>Opens the ring elements to <paramref name="party"/> only (one round); null elsewhere.</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    public ulong[]? RevealEncodedTo(int party)
    {
        using var scope = Context.Stats.Measure("reveal");
        return Opening.OpenTo(Context, Context.CheckParty(party, nameof(party)), _shares, _shares.Length);
    }

    /// <summary>this + other (local).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, shape or fractional bits.</exception>
    public SharedTensor Add(SharedTensor other) => Binary(other, RingKernels.Add);

    /// <summary>this - other (local).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, shape or fractional bits.</exception>
    public SharedTensor Subtract(SharedTensor other) => Binary(other, RingKernels.Subtract);

    /// <summary>-this (local).</summary>
    public SharedTensor Negate() => Map(span => RingKernels.Negate(_shares, span), FractionalBits);

    /// <summary>this + public values, encoded at this tensor's fractional bits (local: party 0 adds them).</summary>
    /// <exception cref="ArgumentException">The values do not match the shape.</exception>
    public SharedTensor AddPublic(ReadOnlySpan<double> values)
    {
        Guard.LengthEquals(values.Length, Count, nameof(values));
        var result = (ulong[])_shares.Clone();
        if (Context.PartyId == 0)
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] += FixedPointFormat.Encode(values[i], FractionalBits);
            }
        }

        return With(result, FractionalBits);
    }

    /// <summary>this * an integer (local; fractional bits unchanged).</summary>
    public SharedTensor MultiplyPublic(long factor) => Map(span => RingKernels.MultiplyScalar(_shares, unchecked((ulong)factor), span), FractionalBits);

    /// <summary>
    /// this * public reals elementwise, encoded at the context's format (local). The result carries
    /// FractionalBits + f; <see cref="Rescale"/> it.
    /// </summary>
    /// <exception cref="ArgumentException">The values do not match the shape.</exception>
    public SharedTensor MultiplyPublic(ReadOnlySpan<double> values)
    {
        Guard.LengthEquals(values.Length, Count, nameof(values));
        var encoded = new ulong[Count];
        Context.FixedPoint.Encode(values, encoded);
        return Map(span => RingKernels.Multiply(_shares, encoded, span), FractionalBits + Context.FixedPoint.FractionalBits);
    }

    /// <summary>this * a public real (local), carrying FractionalBits + f until <see cref="Rescale"/>d.</summary>
    public SharedTensor MultiplyPublic(double factor)
    {
        ulong encoded = Context.FixedPoint.Encode(factor);
        return Map(span => RingKernels.MultiplyScalar(_shares, encoded, span), FractionalBits + Context.FixedPoint.FractionalBits);
    }

    /// <summary>
    /// Adds a bias along the channel axis (local): for shape [B, N] a bias of [N]; for [B, C, H, W] a bias of [C].
    /// </summary>
    /// <exception cref="ParameterMismatchException">The bias has another context or fractional bits, or does not fit the channel axis.</exception>
    public SharedTensor AddBias(SharedTensor bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        CheckCompatible(bias, requireSameShape: false);
        int channels = Shape.Rank >= 2 ? Shape[1] : Shape[0];
        if (bias.Count != channels)
        {
            throw new ParameterMismatchException($"A bias of {bias.Shape} does not fit the channel axis of {Shape}.");
        }

        int inner = Shape.Rank >= 2 ? Count / (Shape[0] * channels) : 1;
        var result = (ulong[])_shares.Clone();
        for (int i = 0; i < result.Length; i++)
        {
            result[i] += bias._shares[(i / inner) % channels];
        }

        return With(result, FractionalBits);
    }

    /// <summary>The same shares under another shape of the same element count (local).</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public SharedTensor Reshape(TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Guard.LengthEquals(shape.Count, Count, nameof(shape));
        return new SharedTensor(Context, shape, _shares, FractionalBits);
    }

    /// <summary>Elementwise product by Beaver's trick (one round); see <see cref="Beaver.Multiply"/>.</summary>
    public SharedTensor Multiply(SharedTensor other) => Beaver.Multiply(this, other);

    /// <summary>Elementwise square (one round); see <see cref="Beaver.Square"/>.</summary>
    public SharedTensor Square() => Beaver.Square(this);

    /// <summary>Matrix product [m, k] x [k, n] (one round); see <see cref="Beaver.MatMul(SharedTensor, SharedTensor)"/>.</summary>
    public SharedTensor MatMul(SharedTensor right) => Beaver.MatMul(this, right);

    /// <summary>Matrix product by a prepared right operand (one round, opening only this tensor); see <see cref="Beaver.MatMul(SharedTensor, PreparedOperand)"/>.</summary>
    public SharedTensor MatMul(PreparedOperand right) => Beaver.MatMul(this, right);

    /// <summary>2-D convolution of this [N, C, H, W] by <paramref name="kernel"/> [O, C, KH, KW] (one round); see <see cref="Beaver.Conv2d(SharedTensor, SharedTensor, int, int)"/>.</summary>
    public SharedTensor Conv2d(SharedTensor kernel, int stride = 1, int padding = 0) => Beaver.Conv2d(this, kernel, stride, padding);

    /// <summary>2-D convolution by a prepared kernel (one round, opening only this tensor); see <see cref="Beaver.Conv2d(SharedTensor, PreparedOperand, int, int)"/>.</summary>
    public SharedTensor Conv2d(PreparedOperand kernel, int stride = 1, int padding = 0) => Beaver.Conv2d(this, kernel, stride, padding);

    /// <summary>Prepares this tensor (weights) as the right operand of many products (one round); see <see cref="Beaver.Prepare(SharedTensor)"/>.</summary>
    public PreparedOperand Prepare() => Beaver.Prepare(this);

    /// <summary>
    /// Prepares this tensor, which party <paramref name="knownTo"/> shared and knows in the clear, as the right
    /// operand of many products (one round), with a mask that party may hold alone; see <see cref="Beaver.Prepare(SharedTensor, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">This tensor is not one that party shared (<see cref="KnownTo"/>).</exception>
    /// <exception cref="PeerFailedException">A party or the preprocessing failed.</exception>
    public PreparedOperand Prepare(int knownTo) => Beaver.Prepare(this, knownTo);

    /// <summary>Divides by 2^<paramref name="bits"/> (one round); see <see cref="Truncation.Truncate"/>.</summary>
    public SharedTensor Truncate(int bits) => Truncation.Truncate(this, bits);

    /// <summary>Truncates a product back to the context's fractional bits (one round, or none if already there).</summary>
    public SharedTensor Rescale() => Truncation.Rescale(this);

    /// <summary>[this &gt;= 0] as shared bits (seven rounds); see <see cref="Comparison.NonNegative"/>.</summary>
    public SharedBits NonNegative() => Comparison.NonNegative(this);

    /// <summary>[this &gt;= other] as shared bits (seven rounds).</summary>
    public SharedBits GreaterOrEqual(SharedTensor other) => Comparison.NonNegative(Subtract(other));

    /// <summary>max(this, 0) (eight rounds); see <see cref="Activations.Relu"/>.</summary>
    public SharedTensor Relu() => Activations.Relu(this);

    /// <summary>2-D max pooling of [N, C, H, W]; see <see cref="Pooling.MaxPool2d"/>.</summary>
    public SharedTensor MaxPool2d(int kernel, int stride) => Pooling.MaxPool2d(this, kernel, stride);

    /// <summary>2-D average pooling of [N, C, H, W]; see <see cref="Pooling.AvgPool2d"/>.</summary>
    public SharedTensor AvgPool2d(int kernel, int stride) => Pooling.AvgPool2d(this, kernel, stride);

    /// <summary>The index of the largest value along the last axis, as shared integers; see <see cref="Protocols.Argmax.Compute"/>.</summary>
    public SharedTensor Argmax() => Protocols.Argmax.Compute(this).Indices;

    /// <summary>Throws unless <paramref name="other"/> has this context and fractional bits (and shape, if asked).</summary>
    /// <exception cref="ParameterMismatchException">They differ.</exception>
    internal void CheckCompatible(SharedTensor other, bool requireSameShape = true)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Context, Context))
        {
            throw new ParameterMismatchException("The tensors belong to different MPC contexts.");
        }

        if (other.FractionalBits != FractionalBits)
        {
            throw new ParameterMismatchException($"The tensors carry {FractionalBits} and {other.FractionalBits} fractional bits; rescale first.");
        }

        if (requireSameShape && !other.Shape.Equals(Shape))
        {
            throw new ParameterMismatchException($"The tensors have shapes {Shape} and {other.Shape}.");
        }
    }

    /// <summary>A tensor of this context and shape over <paramref name="shares"/>.</summary>
    internal SharedTensor With(ulong[] shares, int fractionalBits) => new(Context, Shape, shares, fractionalBits);

    private double[] Decode(ulong[] encoded)
    {
        var values = new double[encoded.Length];
        FixedPointFormat.Decode(encoded, FractionalBits, values);
        return values;
    }

    private SharedTensor Binary(SharedTensor other, RingBinaryKernel kernel)
    {
        CheckCompatible(other);
        var result = new ulong[Count];
        kernel(_shares, other._shares, result);
        return With(result, FractionalBits);
    }

    private SharedTensor Map(SpanAction action, int fractionalBits)
    {
        var result = new ulong[Count];
        action(result);
        return With(result, fractionalBits);
    }

    private delegate void SpanAction(Span<ulong> destination);
}
