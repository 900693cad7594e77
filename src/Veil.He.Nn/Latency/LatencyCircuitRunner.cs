using Veil.He.Ckks;
using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Latency;

/// <summary>
/// Runs an <see cref="HeCircuit"/> on one image packed in one ciphertext: each linear stage by the diagonal method with
/// baby-step giant-step and hoisted baby rotations (diagonals encoded once, at the level and scale where they are
/// used, and cached within a memory budget), each square stage as one product. Giant steps are spread over threads.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class LatencyCircuitRunner
{
    /// <summary>Bytes of encoded diagonals kept between passes.</summary>
    public const long CacheBudget = 1L << 30;

    private readonly HeCircuit _circuit;
    private readonly LatencyLayout _layout;
    private readonly CkksEvaluator[] _evaluators;
    private readonly CkksEncoder[] _encoders;
    private readonly Dictionary<(int Stage, int Giant, int Term), Plaintext> _cache = [];
    private long _cached;

    public LatencyCircuitRunner(HeCircuit circuit, LatencyLayout layout, CkksEvaluator evaluator, int threads)
    {
        _circuit = circuit;
        _layout = layout;
        _evaluators = new CkksEvaluator[Math.Max(1, threads)];
        _encoders = new CkksEncoder[_evaluators.Length];
        _evaluators[0] = evaluator;
        _encoders[0] = new CkksEncoder(evaluator.Parameters);
        for (int t = 1; t < _evaluators.Length; t++)
        {
            _evaluators[t] = evaluator.ShallowCopy();
            _encoders[t] = _encoders[0].ShallowCopy();
        }
    }

    public double[] StageSeconds { get; private set; } = [];

    public Ciphertext Run(Ciphertext input)
    {
        Ciphertext x = input;
        var seconds = new double[_circuit.Stages.Count];
        for (int s = 0; s < seconds.Length; s++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            x = _circuit.Stages[s] switch
            {
                LinearStage => Linear(s, _layout.Matrices[s]!, x),
                SquareStage square => Square(square, x),
                _ => throw new InvalidOperationException("unknown stage"),
            };
            seconds[s] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        StageSeconds = seconds;
        return x;
    }

    private Ciphertext Linear(int stage, DiagonalMatrix matrix, Ciphertext x)
    {
        Parameters parameters = x.Parameters;
        int level = x.Level;
        double plainScale = parameters.DefaultScale * parameters.Q[level] / x.Scale;
        int[] babySteps = matrix.BabySteps;
        Ciphertext[] rotated = _evaluators[0].RotateHoistedNew(x, babySteps);
        var babyIndex = new Dictionary<int, int>();
        for (int i = 0; i < babySteps.Length; i++)
        {
            babyIndex[babySteps[i]] = i;
        }

        int threads = Math.Min(_evaluators.Length, matrix.Giants.Length);
        var partial = new Ciphertext?[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            CkksEvaluator evaluator = _evaluators[t];
            CkksEncoder encoder = _encoders[t];
            Ciphertext? sum = null;
            for (int gi = t; gi < matrix.Giants.Length; gi += threads)
            {
                var (giant, terms) = matrix.Giants[gi];
                Ciphertext? inner = null;
                for (int k = 0; k < terms.Length; k++)
                {
                    Plaintext diagonal = Diagonal(stage, gi, k, terms[k].Diagonal, level, plainScale, encoder);
                    Ciphertext source = rotated[babyIndex[terms[k].Baby]];
                    if (inner is null)
                    {
                        inner = evaluator.MultiplyNew(source, diagonal);
                    }
                    else
                    {
                        evaluator.MultiplyAdd(source, diagonal, inner);
                    }
                }

                int step = (giant * matrix.GiantStride) % matrix.Slots;
                if (step != 0)
                {
                    inner = evaluator.RotateNew(inner!, step);
                }

                sum = sum is null ? inner : evaluator.AddNew(sum, inner!);
            }

            partial[t] = sum;
        });

        CkksEvaluator main = _evaluators[0];
        Ciphertext result = partial[0]!;
        for (int t = 1; t < threads; t++)
        {
            main.Add(result, partial[t]!, result);
        }

        main.Add(result, _encoders[0].EncodeNew(matrix.Bias, level, result.Scale), result);
        main.Rescale(result, result);
        return result;
    }

    private Plaintext Diagonal(int stage, int giant, int term, double[] values, int level, double scale, CkksEncoder encoder)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue((stage, giant, term), out Plaintext? cached) && cached.Level == level && cached.Scale == scale)
            {
                return cached;
            }
        }

        Plaintext plaintext = encoder.EncodeNew(values, level, scale);
        lock (_cache)
        {
            long bytes = (long)(level + 1) * plaintext.Parameters.N * sizeof(ulong);
            if (_cached + bytes <= CacheBudget)
            {
                _cache[(stage, giant, term)] = plaintext;
                _cached += bytes;
            }
        }

        return plaintext;
    }

    private Ciphertext Square(SquareStage stage, Ciphertext x)
    {
        CkksEvaluator evaluator = _evaluators[0];
        if (stage.Offsets.Any(o => o != 0))
        {
            double[] offsets = new double[x.Parameters.Slots];
            for (int j = 0; j < stage.Offsets.Count; j++)
            {
                offsets[j] = stage.Offsets[j];
            }

            x = evaluator.AddNew(x, _encoders[0].EncodeNew(offsets, x.Level, x.Scale));
        }

        Ciphertext result = evaluator.MultiplyRelinearizeNew(x, x);
        evaluator.Rescale(result, result);
        return result;
    }
}
