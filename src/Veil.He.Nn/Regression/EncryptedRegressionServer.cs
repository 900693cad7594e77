using System.Numerics;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Regression;

/// <summary>
/// The server of encrypted logistic-regression training: one full-batch gradient step of
/// <see cref="LogisticRegressionRecipe"/> on encrypted data with encrypted parameters, using evaluation keys only.
/// </summary>
/// <remarks>
/// Per epoch, with the data packed one column per ciphertext and each parameter replicated in every slot:
/// z = Σ_j w_j ⊙ x_j (one relinearization for the whole sum), the error e = 0.5 + 0.197·z − 0.004·z³ − y in two more
/// levels, then for each parameter the step (η/n)·Σ_i e_i·x_ij as the slot sum of e ⊙ ((η/n)·x_j) (log2 n rotations)
/// subtracted from w_j: depth 4 in all. η/n multiplies the data columns, which have levels to spare, rather than the
/// error, whose small constants would be rounded to a few significant bits. The parameters' gradients are independent
/// and run on all cores, each on its own evaluator copy.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public sealed class EncryptedRegressionServer
{
    private readonly CkksEvaluator _evaluator;

    /// <summary>Creates a server with the client's evaluation keys.</summary>
    /// <exception cref="ArgumentException">The keys have no relinearization key.</exception>
    public EncryptedRegressionServer(Parameters parameters, EvaluationKeys keys)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(keys);
        // Levels align by dropping primes (free and exact); scales are made equal by construction, so a mismatch is a bug.
        _evaluator = new CkksEvaluator(parameters, keys, new CkksEvaluatorOptions { AlignLevels = true });
    }

    /// <summary>The power of two of slots summed for <paramref name="count"/> examples.</summary>
    public static int SumWidth(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, count));

    /// <summary>One epoch: the parameters after a gradient step, each in slot 0 of its ciphertext.</summary>
    /// <exception cref="ArgumentException">The model and the data set differ in their number of parameters.</exception>
    /// <exception cref="LevelExhaustedException">The model is not fresh (it needs four levels).</exception>
    public EncryptedLogisticModel Epoch(EncryptedDataset data, EncryptedLogisticModel model, LogisticRegressionRecipe recipe, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        Guard.IsTrue(model.Parameters.Count == data.Columns.Count, nameof(model), $"has {model.Parameters.Count} parameters for {data.Columns.Count} columns");
        double step = recipe.LearningRate / data.Count;

        // z = Σ_j w_j ⊙ x_j, summed as degree-2 ciphertexts and relinearized once.
        Ciphertext z = _evaluator.MultiplyNew(model.Parameters[0], data.Columns[0]);
        for (int j = 1; j < data.Columns.Count; j++)
        {
            _evaluator.Add(z, _evaluator.MultiplyNew(model.Parameters[j], data.Columns[j]), z);
        }

        z = _evaluator.RescaleNew(_evaluator.RelinearizeNew(z));
        Ciphertext error = Error(z, data.Labels);

        var updated = new Ciphertext[data.Columns.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, updated.Length, options, () => _evaluator.ShallowCopy(), (j, _, evaluator) =>
        {
            Ciphertext scaledColumn = ConstantTimes(evaluator, data.Columns[j], step, data.Columns[j].Scale);
            // Sum the slots before the rescale: its rounding noise then enters once, not once per summed slot
            // (√512 times more for 300 examples).
            Ciphertext product = evaluator.MultiplyRelinearizeNew(error, scaledColumn);
            Ciphertext gradient = evaluator.RescaleNew(evaluator.InnerSumNew(product, 1, SumWidth(data.Count)));
            updated[j] = evaluator.SubtractNew(AtScale(evaluator, model.Parameters[j], gradient.Scale), gradient);
            return evaluator;
        }, _ => { });
        return new EncryptedLogisticModel(updated);
    }

    /// <summary>σ(z) − y with σ the recipe's cubic, two levels below z. Every term is brought to the cube's level and
    /// exact scale: a scale off by the primes' distance from 2^30 (about 10^-4) in every example's error would add up
    /// coherently in the gradient sums.</summary>
    private Ciphertext Error(Ciphertext z, Ciphertext labels)
    {
        // c3·z³ as (c3·z)·z²: both factors one level down, the product two.
        Ciphertext square = _evaluator.RescaleNew(_evaluator.MultiplyRelinearizeNew(z, z));
        Ciphertext scaledZ = _evaluator.RescaleNew(_evaluator.MultiplyByConstantNew(z, LogisticRegressionRecipe.Sigmoid3));
        Ciphertext result = _evaluator.RescaleNew(_evaluator.MultiplyRelinearizeNew(square, scaledZ));

        _evaluator.Add(result, ConstantTimes(z, LogisticRegressionRecipe.Sigmoid1, result.Scale), result);
        _evaluator.AddConstant(result, LogisticRegressionRecipe.Sigmoid0, result);
        _evaluator.Subtract(result, ConstantTimes(labels, 1, result.Scale), result);
        return result;
    }

    /// <summary>c·a, rescaled once, with its scale made exactly <paramref name="scale"/> (the level is aligned later by
    /// dropping primes).</summary>
    private Ciphertext ConstantTimes(Ciphertext a, double c, double scale) => ConstantTimes(_evaluator, a, c, scale);

    private static Ciphertext ConstantTimes(CkksEvaluator evaluator, Ciphertext a, double c, double scale)
    {
        double divisor = evaluator.Parameters.RingQ[a.Level].Value;
        return evaluator.RescaleNew(evaluator.MultiplyByConstantNew(a, c, constantScale: scale * divisor / a.Scale));
    }

    /// <summary>a at <paramref name="scale"/> (one level down).</summary>
    private static Ciphertext AtScale(CkksEvaluator evaluator, Ciphertext a, double scale) => ConstantTimes(evaluator, a, 1, scale);
}
