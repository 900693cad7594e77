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
        Guard.IsTrue(inputs.Length > 0, nameof(inputs), "must not be empty");
        Guard.IsTrue(inputs.Length == weights.Length, nameof(weights), $"has {weights.Length} weights for {inputs.Length} inputs");
        Guard.Finite(bias, nameof(bias));
        Check(destination, nameof(destination));
        Ciphertext first = inputs[0];
        Check(first, nameof(inputs));
        int level = first.Level;
        foreach (Ciphertext input in inputs)
        {
            Check(input, nameof(inputs));
            Guard.IsTrue(input.Degree == 1, nameof(inputs), "must be relinearized (degree 1)");
            Guard.IsTrue(!ReferenceEquals(input, destination), nameof(destination), "must not be one of the inputs");
            if (input.Level != level)
            {
                throw new OperandMismatchException($"LinearCombination: the inputs are at levels {level} and {input.Level}; drop them to one level first.");
            }

            CheckScales(first.Scale, input.Scale, "LinearCombination");
        }

        double scale = constantScale > 0 ? constantScale : RingQ[level].Value;
        Guard.Finite(scale, nameof(constantScale));
        double maxWeight = 1;
        foreach (double w in weights)
        {
            Guard.Finite(w, nameof(weights));
            maxWeight = Math.Max(maxWeight, Math.Abs(w));
        }

        double resultScale = first.Scale * scale;
        CheckScaleFits(resultScale * maxWeight, level, "LinearCombination");
        destination.Resize(1, level);
        destination.Scale = resultScale;
        Span<ShoupMultiplier> multipliers = weights.Length <= 256 ? stackalloc ShoupMultiplier[weights.Length] : new ShoupMultiplier[weights.Length];
        var rounded = new BigInteger[weights.Length];
        for (int t = 0; t < weights.Length; t++)
        {
            rounded[t] = new BigInteger(Math.Round(weights[t] * scale));
        }

        var biasRounded = new BigInteger(Math.Round(bias * resultScale));
        for (int i = 0; i <= level; i++)
        {
            Modulus q = RingQ[i];
            for (int t = 0; t < weights.Length; t++)
            {
                multipliers[t] = q.Shoup(q.Reduce(rounded[t]));
            }

            for (int k = 0; k <= 1; k++)
            {
                Span<ulong> target = destination[k][i];
                target.Clear();

                // Block by block, so the accumulator stays in L1 and only the inputs stream from memory.
                for (int start = 0; start < target.Length; start += Block)
                {
                    int length = Math.Min(Block, target.Length - start);
                    Span<ulong> block = target.Slice(start, length);
                    for (int t = 0; t < inputs.Length; t++)
                    {
                        if (multipliers[t].Operand != 0)
                        {
                            ModularKernels.MultiplyConstantAdd(inputs[t][k][i].Slice(start, length), multipliers[t], block, q);
                        }
                    }
                }
            }

            // A constant polynomial is the same value at every NTT point: add it to every residue of c_0.
            ulong b = q.Reduce(biasRounded);
            if (b != 0)
            {
                ModularKernels.AddConstant(destination[0][i], b, destination[0][i], q);
            }
        }
    }
}
