using Veil.He.Ckks;
using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// Runs an <see cref="HeCircuit"/> in batch packing: every value is one ciphertext whose slot i belongs to image i.
/// Linear stages are one <see cref="CkksEvaluator.LinearCombination"/> per output (Shoup multiply-adds over the RNS
/// rows, no temporaries), with the weights rounded so that the rescale lands exactly on the default scale; square
/// stages are a constant add, a product, a relinearization and a rescale. Outputs are spread over threads, each with
/// its own evaluator.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (one pass at a time).</remarks>
internal sealed class BatchCircuitRunner
{
    private readonly HeCircuit _circuit;
    private readonly CkksEvaluator[] _evaluators;

    public BatchCircuitRunner(HeCircuit circuit, CkksEvaluator evaluator, int threads)
    {
        _circuit = circuit;
        _evaluators = new CkksEvaluator[Math.Max(1, threads)];
        _evaluators[0] = evaluator;
        for (int t = 1; t < _evaluators.Length; t++)
        {
            _evaluators[t] = evaluator.ShallowCopy();
        }
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
            values = stage switch
            {
                LinearStage linear => Linear(linear, values),
                SquareStage square => Square(square, values),
                _ => throw new InvalidOperationException($"unknown stage {stage.GetType().Name}"),
            };
            seconds[s] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        StageSeconds = seconds;
        return values;
    }

    private Ciphertext[] Linear(LinearStage stage, Ciphertext[] inputs)
    {
        Parameters parameters = inputs[0].Parameters;
        int level = inputs[0].Level;
        double scale = inputs[0].Scale;

        // Weights at Δ·q_level/scale: after the rescale by q_level the result is exactly at the default scale Δ.
        double constantScale = stage.IntegerWeights ? 1 : parameters.DefaultScale * parameters.Q[level] / scale;
        var outputs = new Ciphertext[stage.Outputs];
        ForEach(stage.Outputs, (evaluator, j) =>
        {
            SparseRow row = stage.Rows[j];
            Ciphertext[] terms = row.Indices.Length == 0 ? [inputs[0]] : Array.ConvertAll(row.Indices, i => inputs[i]);
            double[] weights = row.Indices.Length == 0 ? [0.0] : row.Weights;
            var result = new Ciphertext(parameters, 1, level, scale);
            evaluator.LinearCombination(terms, weights, row.Bias, result, constantScale);
            if (!stage.IntegerWeights)
            {
                evaluator.Rescale(result, result);
            }

            outputs[j] = result;
        });
        return outputs;
    }

    private Ciphertext[] Square(SquareStage stage, Ciphertext[] inputs)
    {
        var outputs = new Ciphertext[stage.Outputs];
        ForEach(stage.Outputs, (evaluator, j) =>
        {
            Ciphertext x = stage.Offsets[j] == 0 ? inputs[j] : evaluator.AddConstantNew(inputs[j], stage.Offsets[j]);
            Ciphertext result = evaluator.MultiplyRelinearizeNew(x, x);
            evaluator.Rescale(result, result);
            outputs[j] = result;
        });
        return outputs;
    }

    /// <summary>Runs body(evaluator, j) for j in [0, count), output j on thread j mod threads.</summary>
    private void ForEach(int count, Action<CkksEvaluator, int> body)
    {
        int threads = Math.Min(_evaluators.Length, count);
        if (threads == 1)
        {
            for (int j = 0; j < count; j++)
            {
                body(_evaluators[0], j);
            }

            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int j = t; j < count; j += threads)
            {
                body(_evaluators[t], j);
            }
        });
    }
}
