using Veil.Mpc.Kernels;
using Veil.Random;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Plans each correlation of <see cref="Correlations"/> as two parties make it themselves: each party draws its own
/// shares of the random components, and every product of the two parties' shares is computed by OTs added to a
/// <see cref="CotBatch"/>. <see cref="Plan"/> registers the OTs and returns what assembles the party's shares once
/// the batch has run. Bilinear products (elementwise, matrix, convolution) expand as
/// C = A0 B0 + A1 B1 + A0 B1 + A1 B0, the cross terms by <see cref="MatrixOle"/>; the bit kinds are in
/// the other part of this class.
/// </summary>
/// <remarks>
/// Both parties plan the same requests in the same order, and every method adds its segments so that one party's
/// receiving list matches the other's sending list. Thread-safety: not safe for concurrent use.
/// </remarks>
internal sealed partial class OtPlanner(int party, IRandomSource random, List<OtMask> masks)
{
    /// <summary>Registers the OTs of <paramref name="request"/> in <paramref name="batch"/>; the result assembles the correlation.</summary>
    /// <exception cref="MpcProtocolException">A fixed-mask request names a mask this source did not make.</exception>
    public Func<object> Plan(CorrelationRequest request, CotBatch batch)
    {
        var p = request.Parameters;
        return request.Kind switch
        {
            CorrelationKind.Multiplication => Multiplication(batch, p[0]),
            CorrelationKind.Square => Square(batch, p[0]),
            CorrelationKind.MatMul => MatMul(batch, p[0], p[1], p[2], Fresh(p[1] * p[2]), withB: true),
            CorrelationKind.Conv2d => Conv2d(batch, request.ToConv2dShape(), Fresh(request.ToConv2dShape().KernelCount), withB: true),
            CorrelationKind.Mask => Mask(p[0], OtMask.Shared),
            CorrelationKind.OwnedMask => Mask(p[0], p[1] is 0 or 1 ? p[1] : throw new MpcProtocolException($"A mask held by party {p[1]} of two.")),
            CorrelationKind.MatMulWithMask => MatMulWithMask(batch, p[0], p[1], p[2], Recall(p[3], p[1] * p[2])),
            CorrelationKind.Conv2dWithMask => Conv2dWithMask(batch, request.ToConv2dShape(), Recall(p[9], request.ToConv2dShape().KernelCount)),
            CorrelationKind.LinearTraining => LinearTraining(batch, p[0], p[1], p[2], p[3] == 1),
            CorrelationKind.And => And(batch, p[0]),
            CorrelationKind.Truncation => Truncation(batch, p[0], p[1]),
            CorrelationKind.Comparison => Comparison(batch, p[0]),
            CorrelationKind.Selection => Selection(batch, p[0], p[1]),
            _ => throw new MpcProtocolException($"Unknown correlation kind {request.Kind}."),
        };
    }

    private ulong[] Fresh(int count)
    {
        var values = new ulong[count];
        random.Fill(values);
        return values;
    }

    private OtMask Recall(int id, int count)
    {
        if (id < 0 || id >= masks.Count || masks[id].Shares.Length != count)
        {
            throw new MpcProtocolException($"A product asks for fixed mask {id} of {count} elements, which this source did not make.");
        }

        return masks[id];
    }

    /// <summary>A two-sided mask is random on both parties; a one-sided one is random on its owner and zero on the other.</summary>
    private Func<object> Mask(int count, int owner)
    {
        ulong[] b = owner == OtMask.Shared || owner == party ? Fresh(count) : new ulong[count];
        masks.Add(new OtMask(b, owner));
        return () => b;
    }

    private Func<object> Multiplication(CotBatch batch, int count)
    {
        ulong[] a = Fresh(count), b = Fresh(count);
        var c = new ulong[count];
        RingKernels.Multiply(a, b, c);
        var finish = Cross(batch, a, b, count, 1, 1, 1, c);
        return () =>
        {
            finish();
            return new ArithmeticTriple(a, b, c);
        };
    }

    /// <summary>A^2 = A0^2 + A1^2 + 2 A0 A1: one product, party 0 receiving.</summary>
    private Func<object> Square(CotBatch batch, int count)
    {
        ulong[] a = Fresh(count);
        var squared = new ulong[count];
        RingKernels.Multiply(a, a, squared);
        var cross = new ulong[count];
        if (party == 0)
        {
            batch.Receiving.Add(new MatrixOleReceiver(a, count, 1, 1, 1, cross));
        }
        else
        {
            batch.Sending.Add(new MatrixOleSender(a, count, 1, 1, 1, cross));
        }

        return () =>
        {
            for (int i = 0; i < count; i++)
            {
                squared[i] += 2 * cross[i];
            }

            return new SquarePair(a, squared);
        };
    }

    private Func<object> MatMul(CotBatch batch, int m, int k, int n, ulong[] b, bool withB)
    {
        ulong[] a = Fresh(m * k);
        ulong[] c = RingMatMul.Multiply(a, b, m, k, n);
        var finish = Cross(batch, a, b, 1, m, k, n, c);
        return () =>
        {
            finish();
            return new ArithmeticTriple(a, withB ? b : [], c);
        };
    }

    private Func<object> LinearTraining(CotBatch batch, int m, int k, int n, bool inputGradient)
    {
        ulong[] a = Fresh(m * k), b = Fresh(k * n), d = Fresh(m * n);
        ulong[] at = RingMatMul.Transpose(a, m, k);
        ulong[] ab = RingMatMul.Multiply(a, b, m, k, n);
        ulong[] atd = RingMatMul.Multiply(at, d, k, m, n);
        var finishes = new List<Action> { Cross(batch, a, b, 1, m, k, n, ab), Cross(batch, at, d, 1, k, m, n, atd) };
        ulong[] dbt = [];
        if (inputGradient)
        {
            ulong[] bt = RingMatMul.Transpose(b, k, n);
            dbt = RingMatMul.Multiply(d, bt, m, n, k);
            finishes.Add(Cross(batch, d, bt, 1, m, n, k, dbt));
        }

        return () =>
        {
            finishes.ForEach(finish => finish());
            return new LinearTrainingTriple(a, b, d, ab, atd, dbt);
        };
    }

    /// <summary>
    /// conv(X, K) = K_mat (OC × IC KH KW) times im2col(X) (IC KH KW × B OH OW), and im2col is linear, so the kernel
    /// holder receives and the input holder sends its im2col.
    /// </summary>
    private Func<object> Conv2d(CotBatch batch, Conv2dShape shape, ulong[] kernel, bool withB)
    {
        ulong[] input = Fresh(shape.InputCount);
        ulong[] c = RingConv2d.Convolve(shape, input, kernel);
        var (rows, columns) = LoweredShape(shape);
        ulong[] cross = new ulong[shape.OutChannels * columns], received = new ulong[cross.Length];
        batch.Receiving.Add(new MatrixOleReceiver(kernel, 1, shape.OutChannels, rows, columns, received));
        batch.Sending.Add(new MatrixOleSender(Im2Col(shape, input), 1, shape.OutChannels, rows, columns, cross));
        return () =>
        {
            RingKernels.Add(cross, received, cross);
            AddLowered(shape, cross, c);
            return new ArithmeticTriple(input, withB ? kernel : [], c);
        };
    }

    /// <summary>The lowered product's inner and outer sizes: IC KH KW rows of im2col, B OH OW columns.</summary>
    private static (int Rows, int Columns) LoweredShape(Conv2dShape shape) =>
        (shape.InChannels * shape.KernelHeight * shape.KernelWidth, shape.Batch * shape.OutHeight * shape.OutWidth);

    /// <summary>im2col of the whole batch: (IC KH KW) × (B OH OW), each item's positions side by side.</summary>
    private static ulong[] Im2Col(Conv2dShape shape, ulong[] input)
    {
        var (rows, columns) = LoweredShape(shape);
        int positions = shape.OutHeight * shape.OutWidth, image = shape.InChannels * shape.Height * shape.Width;
        var im2col = new ulong[rows * columns];
        var single = new ulong[rows * positions];
        for (int item = 0; item < shape.Batch; item++)
        {
            RingConv2d.Im2Col(shape, input.AsSpan(item * image, image), single);
            for (int row = 0; row < rows; row++)
            {
                single.AsSpan(row * positions, positions).CopyTo(im2col.AsSpan((row * columns) + (item * positions), positions));
            }
        }

        return im2col;
    }

    /// <summary>Adds a lowered product (OC × B OH OW) into a convolution output (B × OC × OH OW).</summary>
    private static void AddLowered(Conv2dShape shape, ulong[] lowered, ulong[] output)
    {
        int positions = shape.OutHeight * shape.OutWidth, columns = shape.Batch * positions;
        for (int item = 0; item < shape.Batch; item++)
        {
            for (int oc = 0; oc < shape.OutChannels; oc++)
            {
                Span<ulong> target = output.AsSpan(((item * shape.OutChannels) + oc) * positions, positions);
                RingKernels.Add(target, lowered.AsSpan((oc * columns) + (item * positions), positions), target);
            }
        }
    }

    /// <summary>
    /// Adds this party's shares of the cross terms mine(left) · peer(right) + peer(left) · mine(right) into
    /// <paramref name="output"/> (batch × m × n). The left factor's holder receives when m ≤ n, and otherwise the
    /// right's for the transposed product Rᵀ Lᵀ: 64 m k OTs of n elements against 64 n k of m, the same correction
    /// bits but fewer 16-byte extension columns.
    /// </summary>
    private static Action Cross(CotBatch batch, ulong[] left, ulong[] right, int items, int m, int k, int n, ulong[] output)
    {
        // The receiving and sending halves of a batch run on two threads, so each has its own accumulator.
        if (items > 1 || m <= n)
        {
            var received = new ulong[output.Length];
            batch.Receiving.Add(new MatrixOleReceiver(left, items, m, k, n, received));
            batch.Sending.Add(new MatrixOleSender(right, items, m, k, n, output));
            return () => RingKernels.Add(output, received, output);
        }

        // (L R)ᵀ = Rᵀ Lᵀ: the right factor's holder receives.
        ulong[] transposedReceived = new ulong[n * m], transposedSent = new ulong[n * m];
        batch.Receiving.Add(new MatrixOleReceiver(RingMatMul.Transpose(right, k, n), 1, n, k, m, transposedReceived));
        batch.Sending.Add(new MatrixOleSender(RingMatMul.Transpose(left, m, k), 1, n, k, m, transposedSent));
        return () =>
        {
            RingKernels.Add(transposedReceived, transposedSent, transposedSent);
            RingKernels.Add(output, RingMatMul.Transpose(transposedSent, n, m), output);
        };
    }
}
