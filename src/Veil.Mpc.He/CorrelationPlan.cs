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
    private readonly Dictionary<string, int> _fixedJobs = [];

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
                int job = Job(p[0], p[1], p[2], a, b, null).Job;
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
                var (job, row) = Job(p[0], p[1], p[2], a, mask.Array, $"matmul{mask.Id}:{p[1]}x{p[2]}");
                return products => new ArithmeticTriple(a, mask.Array, Rows(products[job], row, p[0], p[2]));
            }

            case CorrelationKind.Conv2d:
            {
                Conv2dShape shape = request.ToConv2dShape();
                ulong[] a = Random(shape.InputCount), b = Random(shape.KernelCount);
                var (m, k, n) = ConvLowering.Dimensions(shape);
                int job = Job(m, k, n, ConvLowering.Left(shape, a), ConvLowering.Right(shape, b), null).Job;
                return products => new ArithmeticTriple(a, b, ConvLowering.Output(shape, products[job]));
            }

            case CorrelationKind.Conv2dWithMask:
            {
                Conv2dShape shape = request.ToConv2dShape();
                OperandMask mask = Recall(request.MaskId, shape.KernelCount);
                ulong[] a = Random(shape.InputCount);
                var (m, k, n) = ConvLowering.Dimensions(shape);
                var (job, row) = Job(m, k, n, ConvLowering.Left(shape, a), ConvLowering.Right(shape, mask.Array), $"conv{mask.Id}:{k}x{n}");
                return products => new ArithmeticTriple(a, mask.Array, ConvLowering.Output(shape, Rows(products[job], row, m, n)));
            }

            case CorrelationKind.LinearTraining:
            {
                int m = p[0], k = p[1], n = p[2];
                bool inputGradient = p[3] == 1;
                ulong[] a = Random(m * k), b = Random(k * n), d = Random(m * n);
                int ab = Job(m, k, n, a, b, null).Job;
                int atd = Job(k, m, n, RingMatMul.Transpose(a, m, k), d, null).Job;
                int dbt = inputGradient ? Job(m, n, k, d, RingMatMul.Transpose(b, k, n), null).Job : -1;
                return products => new LinearTrainingTriple(a, b, d, products[ab], products[atd], dbt < 0 ? [] : products[dbt]);
            }

            default:
                throw new MpcProtocolException($"{request.Kind} is not a linear correlation.");
        }
    }

    /// <summary>
    /// Adds a job, or, for a fixed right operand already used in this batch, stacks the left operand under that job's
    /// (so several triples for one mask share replies); returns the job and the first row of this product in it.
    /// </summary>
    private (int Job, int Row) Job(int m, int k, int n, ulong[] left, ulong[] right, string? fixedKey)
    {
        if (fixedKey is not null && _fixedJobs.TryGetValue(fixedKey, out int index))
        {
            LinearJob job = _jobs[index];
            _jobs[index] = job with { M = job.M + m, Left = [.. job.Left, .. left] };
            return (index, job.M);
        }

        _jobs.Add(new LinearJob(m, k, n, left, right, fixedKey));
        if (fixedKey is not null)
        {
            _fixedJobs[fixedKey] = _jobs.Count - 1;
        }

        return (_jobs.Count - 1, 0);
    }

    private static ulong[] Rows(ulong[] product, int row, int rows, int columns) =>
        row == 0 && product.Length == rows * columns ? product : product.AsSpan(row * columns, rows * columns).ToArray();

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
