using Veil.He.Ckks;
using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Latency;

/// <summary>
/// Runs an <see cref="HeCircuit"/> on one image packed in one ciphertext, step by step as its
/// <see cref="LatencyLayout"/> says: each matrix by the diagonal method with baby-step giant-step and hoisted baby
/// rotations (diagonals encoded once, at the level and scale where they are used, and cached within a memory budget),
/// each square as one product, each in-place sum as hoisted rotations and additions. Giant steps are spread over
/// threads. Stage times are summed per circuit stage.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class LatencyCircuitRunner
{
    /// <summary>Bytes of encoded diagonals kept between passes.</summary>
    public const long CacheBudget = 2L << 30;

    private readonly HeCircuit _circuit;
    private readonly LatencyLayout _layout;
    private readonly CkksEvaluator[] _evaluators;
    private readonly CkksEncoder[] _encoders;
    private readonly Dictionary<(int Step, int Giant, int Term), Plaintext> _cache = [];
    private readonly Workspace[] _workspaces;
    private readonly Ciphertext[] _babies;
    private readonly Ciphertext[] _stageOutputs;
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

        Parameters parameters = evaluator.Parameters;
        _workspaces = [.. _evaluators.Select(_ => new Workspace(parameters))];
        int babies = Math.Max(
            layout.Matrices.Select(m => m.BabySteps.Length).DefaultIfEmpty(0).Max(),
            layout.Steps.OfType<InPlaceSumStep>().Select(s => s.Steps.Length).DefaultIfEmpty(0).Max());
        _babies = [.. Enumerable.Range(0, babies).Select(_ => new Ciphertext(parameters))];
        _stageOutputs = [new Ciphertext(parameters, 2, parameters.MaxLevel, parameters.DefaultScale), new Ciphertext(parameters, 2, parameters.MaxLevel, parameters.DefaultScale)];
    }

    public double[] StageSeconds { get; private set; } = [];

    public Ciphertext Run(Ciphertext input)
    {
        Ciphertext x = input;
        var seconds = new double[_circuit.Stages.Count];
        IReadOnlyList<LatencyStep> steps = _layout.Steps;
        for (int i = 0; i < steps.Count; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Ciphertext destination = i == steps.Count - 1 ? new Ciphertext(input.Parameters) : _stageOutputs[i % 2];
            switch (steps[i])
            {
                case MatrixStep matrix:
                    Linear(i, matrix.Matrix, x, destination);
                    break;
                case SquareStep square:
                    Square(i, square.Offsets, x, destination);
                    break;
                case InPlaceSumStep sum:
                    InPlaceSum(sum.Steps, x, destination);
                    break;
                default:
                    throw new InvalidOperationException("unknown step");
            }

            x = destination;
            seconds[steps[i].Stage] += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        StageSeconds = seconds;
        return x;
    }

    /// <summary>destination = x + Σ rot_δ(x): the rotations hoisted (one decomposition of x).</summary>
    private void InPlaceSum(int[] steps, Ciphertext x, Ciphertext destination)
    {
        CkksEvaluator evaluator = _evaluators[0];
        evaluator.RotateHoisted(x, steps, new ArraySegment<Ciphertext>(_babies, 0, steps.Length));
        evaluator.Add(x, _babies[0], destination);
        for (int k = 1; k < steps.Length; k++)
        {
            evaluator.Add(destination, _babies[k], destination);
        }
    }

    private void Linear(int step, DiagonalMatrix matrix, Ciphertext x, Ciphertext destination)
    {
        Parameters parameters = x.Parameters;
        int level = x.Level;
        double plainScale = parameters.DefaultScale * parameters.Q[level] / x.Scale;
        int[] babySteps = matrix.BabySteps;
        _evaluators[0].RotateHoisted(x, babySteps, new ArraySegment<Ciphertext>(_babies, 0, babySteps.Length));
        var babyIndex = new Dictionary<int, int>();
        for (int i = 0; i < babySteps.Length; i++)
        {
            babyIndex[babySteps[i]] = i;
        }

        int threads = Math.Min(_evaluators.Length, matrix.Giants.Length);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            CkksEvaluator evaluator = _evaluators[t];
            CkksEncoder encoder = _encoders[t];
            Workspace work = _workspaces[t];
            // Thread t takes a contiguous run of giant steps and sums them Horner-style from the last:
            // acc = rot_{(g_{i+1} − g_i)·G}(acc) + inner_i, then one rotation by g_first·G. With composed (compact) keys
            // that is one short rotation per giant step instead of a rotation by each g·G.
            int first = t * matrix.Giants.Length / threads, end = (t + 1) * matrix.Giants.Length / threads;
            for (int gi = end - 1; gi >= first; gi--)
            {
                var (giant, terms) = matrix.Giants[gi];
                for (int k = 0; k < terms.Length; k++)
                {
                    Plaintext diagonal = Diagonal(step, gi, k, terms[k].Diagonal, level, plainScale, encoder, work.Plain);
                    Ciphertext source = _babies[babyIndex[terms[k].Baby]];
                    if (k == 0)
                    {
                        evaluator.Multiply(source, diagonal, work.Inner);
                    }
                    else
                    {
                        evaluator.MultiplyAdd(source, diagonal, work.Inner);
                    }
                }

                if (gi == end - 1)
                {
                    work.Inner.CopyTo(work.Sum);
                }
                else
                {
                    evaluator.Rotate(work.Sum, matrix.GiantStep(gi + 1) - matrix.GiantStep(gi), work.Rotated);
                    evaluator.Add(work.Rotated, work.Inner, work.Sum);
                }
            }

            if (matrix.GiantStep(first) % matrix.Slots != 0)
            {
                evaluator.Rotate(work.Sum, matrix.GiantStep(first), work.Rotated);
                work.Rotated.CopyTo(work.Sum);
            }
        });

        CkksEvaluator main = _evaluators[0];
        Ciphertext result = _workspaces[0].Sum;
        for (int t = 1; t < threads; t++)
        {
            main.Add(result, _workspaces[t].Sum, result);
        }

        main.Add(result, Bias(step, matrix.Bias, level, result.Scale), result);
        main.Rescale(result, destination);
    }

    /// <summary>The diagonal encoded at <paramref name="level"/> and <paramref name="scale"/>: from the cache, or
    /// encoded now and cached while the budget lasts; past the budget, encoded into the thread's
    /// <paramref name="scratch"/> (valid until the thread's next call), so that a stage of thousands of diagonals
    /// does not allocate a fresh megabyte-sized plaintext for each.</summary>
    private Plaintext Diagonal(int step, int giant, int term, double[] values, int level, double scale, CkksEncoder encoder, Plaintext scratch)
    {
        long bytes = (long)(level + 1) * scratch.Parameters.N * sizeof(ulong);
        bool keep;
        lock (_cache)
        {
            if (_cache.TryGetValue((step, giant, term), out Plaintext? cached) && cached.Level == level && cached.Scale == scale)
            {
                return cached;
            }

            keep = _cached + bytes <= CacheBudget;
        }

        if (!keep)
        {
            scratch.Resize(level);
            scratch.Scale = scale;
            encoder.Encode(values, scratch);
            return scratch;
        }

        Plaintext plaintext = encoder.EncodeNew(values, level, scale);
        lock (_cache)
        {
            if (_cached + bytes <= CacheBudget)
            {
                _cache[(step, giant, term)] = plaintext;
                _cached += bytes;
            }
        }

        return plaintext;
    }

    private Plaintext Bias(int step, double[] values, int level, double scale) =>
        Diagonal(step, -1, 0, values, level, scale, _encoders[0], _workspaces[0].Plain);

    private void Square(int step, double[] offsets, Ciphertext x, Ciphertext destination)
    {
        CkksEvaluator evaluator = _evaluators[0];
        Ciphertext product = _workspaces[0].Inner;
        if (offsets.Any(o => o != 0))
        {
            evaluator.Add(x, Diagonal(step, -1, 0, offsets, x.Level, x.Scale, _encoders[0], _workspaces[0].Plain), _workspaces[0].Rotated);
            x = _workspaces[0].Rotated;
        }

        evaluator.MultiplyRelinearize(x, x, product);
        evaluator.Rescale(product, destination);
    }

    /// <summary>One thread's scratch ciphertexts, allocated once: a ciphertext costs about a megabyte of fresh memory,
    /// whose allocation (page faults, zeroing) took longer than the arithmetic on it.</summary>
    private sealed class Workspace(Parameters parameters)
    {
        public Ciphertext Inner { get; } = new(parameters, 2, parameters.MaxLevel, parameters.DefaultScale);

        public Ciphertext Rotated { get; } = new(parameters);

        public Ciphertext Sum { get; } = new(parameters);

        /// <summary>Where diagonals past the cache budget are encoded.</summary>
        public Plaintext Plain { get; } = new(parameters, parameters.MaxLevel, parameters.DefaultScale);
    }
}
