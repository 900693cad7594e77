using Veil.He.Ckks;
using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// Runs an <see cref="HeCircuit"/> in batch packing: every value is one ciphertext whose slot i belongs to image i.
/// Linear stages are <see cref="CkksEvaluator.LinearCombinations"/> over groups of outputs that read the same inputs
/// (Shoup multiply-adds over the RNS rows, each input read once per group, no temporaries), with the weights rounded so
/// that the rescale lands exactly on the default scale; square stages are a constant add, a product, a relinearization
/// and a rescale. Groups and outputs are spread over threads, each with its own evaluator.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (one pass at a time).</remarks>
internal sealed class BatchCircuitRunner
{
    /// <summary>Most rows combined in one pass over their shared inputs (16 accumulators of 8 KiB stay in L2).</summary>
    private const int GroupSize = 16;

    private readonly HeCircuit _circuit;
    private readonly CkksEvaluator[] _evaluators;
    private readonly Ciphertext[] _temporaries;
    private readonly List<Ciphertext>[] _pools = [[], []];

    public BatchCircuitRunner(HeCircuit circuit, CkksEvaluator evaluator, int threads)
    {
        _circuit = circuit;
        _evaluators = new CkksEvaluator[Math.Max(1, threads)];
        _evaluators[0] = evaluator;
        for (int t = 1; t < _evaluators.Length; t++)
        {
            _evaluators[t] = evaluator.ShallowCopy();
        }

        _temporaries = [.. _evaluators.Select(e => new Ciphertext(e.Parameters, 2, e.Parameters.MaxLevel, e.Parameters.DefaultScale))];
    }

    /// <summary>Seconds each stage took in the last pass.</summary>
    public double[] StageSeconds { get; private set; } = [];

    public Ciphertext[] Run(IReadOnlyList<Ciphertext> inputs)
    {
        Ciphertext[] values = [.. inputs];
        var seconds = new double[_circuit.Stages.Count];
        for (int s = 0; s < seconds.Length; s++)
        {
            CircuitStage stage = _circuit.Stages[s];
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Ciphertext[] outputs = Outputs(stage.Outputs, s, last: s == seconds.Length - 1, values[0].Parameters);
            switch (stage)
            {
                case LinearStage linear:
                    Linear(linear, values, outputs);
                    break;
                case SquareStage square:
                    Square(square, values, outputs);
                    break;
                default:
                    throw new InvalidOperationException($"unknown stage {stage.GetType().Name}");
            }

            values = outputs;
            seconds[s] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        StageSeconds = seconds;
        return values;
    }

    /// <summary>The ciphertexts a stage writes: for inner stages, reused from pass to pass (stages alternate between two
    /// pools, so a stage never writes its inputs), since a fresh ciphertext costs about a megabyte of new memory, whose
    /// allocation took longer than the stage's arithmetic on it; the last stage's are new, as the caller keeps them.</summary>
    private Ciphertext[] Outputs(int count, int stage, bool last, Parameters parameters)
    {
        if (last)
        {
            return [.. Enumerable.Range(0, count).Select(_ => new Ciphertext(parameters))];
        }

        List<Ciphertext> pool = _pools[stage % 2];
        while (pool.Count < count)
        {
            pool.Add(new Ciphertext(parameters));
        }

        return [.. pool.Take(count)];
    }

    private void Linear(LinearStage stage, Ciphertext[] inputs, Ciphertext[] outputs)
    {
        Parameters parameters = inputs[0].Parameters;
        int level = inputs[0].Level;
        double scale = inputs[0].Scale;

        // Weights at Δ·q_level/scale: after the rescale by q_level the result is exactly at the default scale Δ.
        double constantScale = stage.IntegerWeights ? 1 : parameters.DefaultScale * parameters.Q[level] / scale;
        int[][] groups = SharedInputGroups(stage);
        ForEach(groups.Length, (t, g) =>
        {
            CkksEvaluator evaluator = _evaluators[t];
            int[] rows = groups[g];
            int[] indices = stage.Rows[rows[0]].Indices;
            Ciphertext[] terms = indices.Length == 0 ? [inputs[0]] : Array.ConvertAll(indices, i => inputs[i]);
            double[][] weights = [.. rows.Select(j => indices.Length == 0 ? [0.0] : stage.Rows[j].Weights)];
            double[] biases = [.. rows.Select(j => stage.Rows[j].Bias)];
            Ciphertext[] results = [.. rows.Select(j => outputs[j])];
            evaluator.LinearCombinations(terms, weights, biases, results, constantScale);
            if (!stage.IntegerWeights)
            {
                foreach (Ciphertext result in results)
                {
                    evaluator.Rescale(result, result);
                }
            }
        });
    }

    /// <summary>The stage's rows in groups that read the same inputs in the same order (a convolution window's channels,
    /// a dense layer's rows), at most <see cref="GroupSize"/> to a group, so each group is one
    /// <see cref="CkksEvaluator.LinearCombinations"/> that reads its inputs once.</summary>
    private static int[][] SharedInputGroups(LinearStage stage) =>
        [.. Enumerable.Range(0, stage.Outputs)
            .GroupBy(j => string.Join(',', stage.Rows[j].Indices), StringComparer.Ordinal)
            .SelectMany(group => group.Chunk(GroupSize))];

    private void Square(SquareStage stage, Ciphertext[] inputs, Ciphertext[] outputs)
    {
        ForEach(stage.Outputs, (t, j) =>
        {
            CkksEvaluator evaluator = _evaluators[t];
            Ciphertext x = inputs[j], product = _temporaries[t];
            if (stage.Offsets[j] != 0)
            {
                evaluator.AddConstant(x, stage.Offsets[j], outputs[j]);
                x = outputs[j];
            }

            evaluator.MultiplyRelinearize(x, x, product);
            evaluator.Rescale(product, outputs[j]);
        });
    }

    /// <summary>Runs body(t, j) for j in [0, count), output j on thread t = j mod threads (with evaluator t).</summary>
    private void ForEach(int count, Action<int, int> body)
    {
        int threads = Math.Min(_evaluators.Length, count);
        if (threads == 1)
        {
            for (int j = 0; j < count; j++)
            {
                body(0, j);
            }

            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int j = t; j < count; j += threads)
            {
                body(t, j);
            }
        });
    }
}
