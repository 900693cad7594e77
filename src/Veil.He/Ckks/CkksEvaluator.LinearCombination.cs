using System.Numerics;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

public sealed partial class CkksEvaluator
{
    /// <summary>Residues per block of <see cref="LinearCombination"/> (8 KiB of accumulator).</summary>
    private const int Block = 1024;

    /// <summary>
    /// destination = Σ_t weights[t] · inputs[t] + bias, with real constants: the inner step of a plaintext-weight layer
    /// applied to ciphertexts that each hold one value per slot (SIMD across images). Every weight is rounded at
    /// <paramref name="constantScale"/> and the result's scale is the inputs' scale · constantScale (default: the prime
    /// q_level, so that the <see cref="Rescale"/> which should follow restores the inputs' scale). With
    /// <paramref name="constantScale"/> = 1 and integer weights it is an exact integer combination that uses no level.
    /// One pass over each input row, no temporaries: a Shoup multiply-add per residue.
    /// </summary>
    /// <param name="inputs">Degree-1 ciphertexts at one level and one scale.</param>
    /// <param name="weights">One weight per input (zero weights are skipped).</param>
    /// <param name="bias">Added in every slot, rounded at the result's scale.</param>
    /// <param name="destination">Receives the combination (must not be one of the inputs).</param>
    /// <param name="constantScale">The scale the weights are rounded at; 0 for q_level.</param>
    /// <exception cref="ArgumentException">No inputs, lengths differ, an input has degree 2, or the destination is an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight, the bias or the scale is not finite.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The inputs differ in level or scale.</exception>
    /// <exception cref="ScaleOverflowException">The result's scale does not fit the modulus.</exception>
    public void LinearCombination(ReadOnlySpan<Ciphertext> inputs, ReadOnlySpan<double> weights, double bias, Ciphertext destination, double constantScale = 0)
    {
        Guard.IsTrue(inputs.Length == weights.Length, nameof(weights), $"has {weights.Length} weights for {inputs.Length} inputs");
        LinearCombinations(inputs, [weights.ToArray()], [bias], [destination], constantScale);
    }

    /// <summary>
    /// destinations[o] = Σ_t weights[o][t] · inputs[t] + biases[o] for every o: several <see cref="LinearCombination"/>s
    /// over the same inputs (the channels of a convolution window, the rows of a dense layer) in one pass, each block of
    /// each input row read once for all of them while their accumulators stay in cache.
    /// </summary>
    /// <param name="inputs">Degree-1 ciphertexts at one level and one scale.</param>
    /// <param name="weights">Per destination, one weight per input (zero weights are skipped).</param>
    /// <param name="biases">Per destination, added in every slot, rounded at the result's scale.</param>
    /// <param name="destinations">Receive the combinations (none may be one of the inputs).</param>
    /// <param name="constantScale">The scale the weights are rounded at; 0 for q_level.</param>
    /// <exception cref="ArgumentException">No inputs or destinations, lengths differ, an input has degree 2, or a destination is an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight, a bias or the scale is not finite.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="OperandMismatchException">The inputs differ in level or scale.</exception>
    /// <exception cref="ScaleOverflowException">The result's scale does not fit the modulus.</exception>
    public void LinearCombinations(ReadOnlySpan<Ciphertext> inputs, IReadOnlyList<double[]> weights, ReadOnlySpan<double> biases, IReadOnlyList<Ciphertext> destinations, double constantScale = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(destinations);
        Guard.IsTrue(inputs.Length > 0, nameof(inputs), "must not be empty");
        Guard.IsTrue(destinations.Count > 0, nameof(destinations), "must not be empty");
        Guard.IsTrue(weights.Count == destinations.Count && biases.Length == destinations.Count, nameof(weights), "needs one weight row and one bias per destination");
        Ciphertext first = inputs[0];
        Check(first, nameof(inputs));
        int level = first.Level;
        foreach (Ciphertext input in inputs)
        {
            Check(input, nameof(inputs));
            Guard.IsTrue(input.Degree == 1, nameof(inputs), "must be relinearized (degree 1)");
            if (input.Level != level)
            {
                throw new OperandMismatchException($"LinearCombination: the inputs are at levels {level} and {input.Level}; drop them to one level first.");
            }

            CheckScales(first.Scale, input.Scale, "LinearCombination");
        }

        double scale = constantScale > 0 ? constantScale : RingQ[level].Value;
        Guard.Finite(scale, nameof(constantScale));
        double maxWeight = 1;
        for (int o = 0; o < destinations.Count; o++)
        {
            Check(destinations[o], nameof(destinations));
            Guard.IsTrue(weights[o].Length == inputs.Length, nameof(weights), $"has {weights[o].Length} weights for {inputs.Length} inputs");
            Guard.Finite(biases[o], nameof(biases));
            foreach (Ciphertext input in inputs)
            {
                Guard.IsTrue(!ReferenceEquals(input, destinations[o]), nameof(destinations), "must not be one of the inputs");
            }

            foreach (double w in weights[o])
            {
                Guard.Finite(w, nameof(weights));
                maxWeight = Math.Max(maxWeight, Math.Abs(w));
            }
        }

        double resultScale = first.Scale * scale;
        CheckScaleFits(resultScale * maxWeight, level, "LinearCombination");
        int outputs = destinations.Count, terms = inputs.Length;
        var rounded = new BigInteger[outputs * terms];
        var biasRounded = new BigInteger[outputs];
        for (int o = 0; o < outputs; o++)
        {
            destinations[o].Resize(1, level);
            destinations[o].Scale = resultScale;
            biasRounded[o] = new BigInteger(Math.Round(biases[o] * resultScale));
            for (int t = 0; t < terms; t++)
            {
                rounded[(o * terms) + t] = new BigInteger(Math.Round(weights[o][t] * scale));
            }
        }

        var multipliers = new ShoupMultiplier[outputs * terms];
        for (int i = 0; i <= level; i++)
        {
            Modulus q = RingQ[i];
            for (int m = 0; m < multipliers.Length; m++)
            {
                multipliers[m] = q.Shoup(q.Reduce(rounded[m]));
            }

            for (int k = 0; k <= 1; k++)
            {
                foreach (Ciphertext destination in destinations)
                {
                    destination[k][i].Clear();
                }

                // Block by block, so the accumulators stay in cache and each input block streams from memory once.
                int length = destinations[0][k][i].Length;
                for (int start = 0; start < length; start += Block)
                {
                    int count = Math.Min(Block, length - start);
                    for (int t = 0; t < terms; t++)
                    {
                        ReadOnlySpan<ulong> x = inputs[t][k][i].Slice(start, count);
                        for (int o = 0; o < outputs; o++)
                        {
                            ShoupMultiplier w = multipliers[(o * terms) + t];
                            if (w.Operand != 0)
                            {
                                ModularKernels.MultiplyConstantAdd(x, w, destinations[o][k][i].Slice(start, count), q);
                            }
                        }
                    }
                }
            }

            // A constant polynomial is the same value at every NTT point: add it to every residue of c_0.
            for (int o = 0; o < outputs; o++)
            {
                ulong b = q.Reduce(biasRounded[o]);
                if (b != 0)
                {
                    ModularKernels.AddConstant(destinations[o][0][i], b, destinations[o][0][i], q);
                }
            }
        }
    }
}
