using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Random;

namespace Veil.Mpc.He;

/// <summary>
/// Turns linear correlation requests into this party's random shares and the <see cref="LinearJob"/>s whose products
/// complete them, and assembles each correlation once the products are back.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; one per batch.</remarks>
internal sealed class CorrelationPlan(IRandomSource random, List<OperandMask> masks)
{
    private readonly List<LinearJob> _jobs = [];

    public IReadOnlyList<LinearJob> Jobs => _jobs;

    /// <summary>Plans <paramref name="request"/>; returns how to build the correlation from the batch's products.</summary>
    /// <exception cref="MpcProtocolException">The request names a mask this source never made.</exception>
    public Func<ulong[][], object> Add(CorrelationRequest request)
    {
        var p = request.Parameters;
        switch (request.Kind)
        {
            case CorrelationKind.MatMul:
            {
                ulong[] a = Random(p[0] * p[1]), b = Random(p[1] * p[2]);
                int job = Job(p[0], p[1], p[2], a, b, null);
                return products => new ArithmeticTriple(a, b, products[job]);
            }

            case CorrelationKind.Mask:
            {
                var mask = new OperandMask(masks.Count, Random(p[0]));
                masks.Add(mask);
                return _ => mask;
            }

            case CorrelationKind.MatMulWithMask:
            {
                OperandMask mask = Recall(p[3], p[1] * p[2]);
                ulong[] a = Random(p[0] * p[1]);
                int job = Job(p[0], p[1], p[2], a, mask.Array, $"matmul{mask.Id}");
                return products => new ArithmeticTriple(a, mask.Array, products[job]);
            }

            case CorrelationKind.Conv2d:
            {
                Conv2dShape shape = request.ToConv2dShape();
                ulong[] a = Random(shape.InputCount), b = Random(shape.KernelCount);
                var (m, k, n) = ConvLowering.Dimensions(shape);
                int job = Job(m, k, n, ConvLowering.Left(shape, a), ConvLowering.Right(shape, b), null);
                return products => new ArithmeticTriple(a, b, ConvLowering.Output(shape, products[job]));
            }

            case CorrelationKind.Conv2dWithMask:
            {
                Conv2dShape shape = request.ToConv2dShape();
                OperandMask mask = Recall(request.MaskId, shape.KernelCount);
                ulong[] a = Random(shape.InputCount);
                var (m, k, n) = ConvLowering.Dimensions(shape);
                int job = Job(m, k, n, ConvLowering.Left(shape, a), ConvLowering.Right(shape, mask.Array), $"conv{mask.Id}:{k}x{n}");
                return products => new ArithmeticTriple(a, mask.Array, ConvLowering.Output(shape, products[job]));
            }

            case CorrelationKind.LinearTraining:
            {
                int m = p[0], k = p[1], n = p[2];
                bool inputGradient = p[3] == 1;
                ulong[] a = Random(m * k), b = Random(k * n), d = Random(m * n);
                int ab = Job(m, k, n, a, b, null);
                int atd = Job(k, m, n, RingMatMul.Transpose(a, m, k), d, null);
                int dbt = inputGradient ? Job(m, n, k, d, RingMatMul.Transpose(b, k, n), null) : -1;
                return products => new LinearTrainingTriple(a, b, d, products[ab], products[atd], dbt < 0 ? [] : products[dbt]);
            }

            default:
                throw new MpcProtocolException($"{request.Kind} is not a linear correlation.");
        }
    }

    private int Job(int m, int k, int n, ulong[] left, ulong[] right, string? fixedKey)
    {
        _jobs.Add(new LinearJob(m, k, n, left, right, fixedKey));
        return _jobs.Count - 1;
    }

    private OperandMask Recall(int id, int count)
    {
        if (id >= masks.Count || masks[id].Count != count)
        {
            throw new MpcProtocolException($"Fixed mask {id} of {count} elements was never made by this source.");
        }

        return masks[id];
    }

    private ulong[] Random(int count)
    {
        var values = new ulong[count];
        random.Fill(values);
        return values;
    }
}
