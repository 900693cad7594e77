using System.Numerics;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

/// <summary>
/// Encodes vectors of up to N/2 complex (or real) numbers into CKKS plaintexts and decodes them back: the canonical
/// embedding through a special FFT, scaling by Δ, rounding, and the NTT of each prime.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers and is not safe for concurrent use; <see cref="ShallowCopy"/> gives
/// an encoder per thread that shares the read-only tables.</remarks>
public sealed class CkksEncoder
{
    private readonly Parameters _parameters;
    private readonly SpecialFft _fft;
    private readonly CrtDecoder?[] _crt;
    private readonly double[] _re, _im, _coefficients;
    private readonly RnsPoly _work;

    /// <summary>Creates an encoder for <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidParametersException">The parameters are BFV parameters.</exception>
    public CkksEncoder(Parameters parameters)
        : this(Guard.NotNull(parameters), new SpecialFft(parameters.LogN), new CrtDecoder?[parameters.MaxLevel + 1])
    {
    }

    private CkksEncoder(Parameters parameters, SpecialFft fft, CrtDecoder?[] crt)
    {
        parameters.EnsureCkks();
        _parameters = parameters;
        _fft = fft;
        _crt = crt;
        _re = new double[fft.H];
        _im = new double[fft.H];
        _coefficients = new double[parameters.N];
        _work = parameters.RingQ.NewPoly();
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters => _parameters;

    /// <summary>The number of slots, N/2.</summary>
    public int Slots => _fft.H;

    /// <summary>Returns an encoder sharing this one's tables, with its own scratch: one per thread.</summary>
    public CkksEncoder ShallowCopy() => new(_parameters, _fft, _crt);

    /// <summary>Encodes <paramref name="values"/> (slot j gets values[j]; the other slots 0) into
    /// <paramref name="destination"/> at the destination's level and scale.</summary>
    /// <exception cref="ArgumentException">More values than slots, or a value is not finite.</exception>
    /// <exception cref="ScaleOverflowException">A value times the scale does not fit the modulus at that level.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<Complex> values, Plaintext destination)
    {
        Check(values.Length, destination);
        ClearSlots();
        for (int j = 0; j < values.Length; j++)
        {
            Guard.IsTrue(double.IsFinite(values[j].Real) && double.IsFinite(values[j].Imaginary), nameof(values), "must be finite");
            int t = _fft.SlotIndex[j];
            _re[t] = values[j].Real;
            _im[t] = values[j].Imaginary;
        }

        EncodeSlots(destination);
    }

    /// <summary>Encodes real <paramref name="values"/> (slot j gets values[j]; the other slots 0) into
    /// <paramref name="destination"/> at the destination's level and scale.</summary>
    /// <exception cref="ArgumentException">More values than slots, or a value is not finite.</exception>
    /// <exception cref="ScaleOverflowException">A value times the scale does not fit the modulus at that level.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<double> values, Plaintext destination)
    {
        Check(values.Length, destination);
        ClearSlots();
        for (int j = 0; j < values.Length; j++)
        {
            Guard.IsTrue(double.IsFinite(values[j]), nameof(values), "must be finite");
            _re[_fft.SlotIndex[j]] = values[j];
        }

        EncodeSlots(destination);
    }

    /// <summary>Encodes real values into a new plaintext at <paramref name="level"/> (default: the top) and
    /// <paramref name="scale"/> (default: the parameters' default scale).</summary>
    /// <exception cref="ArgumentException">More values than slots, or a value is not finite.</exception>
    /// <exception cref="ScaleOverflowException">A value times the scale does not fit the modulus at that level.</exception>
    public Plaintext EncodeNew(ReadOnlySpan<double> values, int level = -1, double scale = 0)
    {
        Plaintext plaintext = NewPlaintext(level, scale);
        Encode(values, plaintext);
        return plaintext;
    }

    /// <summary>Encodes complex values into a new plaintext at <paramref name="level"/> (default: the top) and
    /// <paramref name="scale"/> (default: the parameters' default scale).</summary>
    /// <exception cref="ArgumentException">More values than slots, or a value is not finite.</exception>
    /// <exception cref="ScaleOverflowException">A value times the scale does not fit the modulus at that level.</exception>
    public Plaintext EncodeNew(ReadOnlySpan<Complex> values, int level = -1, double scale = 0)
    {
        Plaintext plaintext = NewPlaintext(level, scale);
        Encode(values, plaintext);
        return plaintext;
    }

    /// <summary>Decodes the first <paramref name="destination"/>.Length slots of <paramref name="plaintext"/>.</summary>
    /// <exception cref="ArgumentException">The destination is longer than the number of slots.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void Decode(Plaintext plaintext, Span<Complex> destination)
    {
        DecodeSlots(plaintext, destination.Length);
        for (int j = 0; j < destination.Length; j++)
        {
            int t = _fft.SlotIndex[j];
            destination[j] = new Complex(_re[t], _im[t]);
        }
    }

    /// <summary>Decodes the real parts of the first <paramref name="destination"/>.Length slots.</summary>
    /// <exception cref="ArgumentException">The destination is longer than the number of slots.</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public void Decode(Plaintext plaintext, Span<double> destination)
    {
        DecodeSlots(plaintext, destination.Length);
        for (int j = 0; j < destination.Length; j++)
        {
            destination[j] = _re[_fft.SlotIndex[j]];
        }
    }

    /// <summary>Returns the real parts of all slots.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public double[] DecodeNew(Plaintext plaintext)
    {
        var values = new double[Slots];
        Decode(plaintext, values);
        return values;
    }

    /// <summary>Returns all slots as complex numbers.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public Complex[] DecodeComplexNew(Plaintext plaintext)
    {
        var values = new Complex[Slots];
        Decode(plaintext, values);
        return values;
    }

    private Plaintext NewPlaintext(int level, double scale) =>
        new(_parameters, level < 0 ? _parameters.MaxLevel : level, scale == 0 ? _parameters.DefaultScale : scale);

    private void Check(int count, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "plaintext");
        Guard.IsTrue(count <= Slots, "values", $"holds {count} values but a plaintext has {Slots} slots");
        Guard.IsTrue(double.IsFinite(destination.Scale) && destination.Scale > 0, nameof(destination), "must have a positive scale");
    }

    private void ClearSlots()
    {
        Array.Clear(_re);
        Array.Clear(_im);
    }

    private void EncodeSlots(Plaintext destination)
    {
        _fft.FromSlots(_re, _im);
        int h = _fft.H, level = destination.Level;
        double scale = destination.Scale, maxAbs = 0;
        for (int k = 0; k < h; k++)
        {
            _coefficients[k] = Math.Round(_re[k] * scale);
            _coefficients[k + h] = Math.Round(_im[k] * scale);
            maxAbs = Math.Max(maxAbs, Math.Max(Math.Abs(_coefficients[k]), Math.Abs(_coefficients[k + h])));
        }

        double logQ = _parameters.LogModulusAtLevel(level);
        if (maxAbs > 0 && Math.Log2(maxAbs) + 1 >= logQ)
        {
            throw new ScaleOverflowException(
                $"Encoding needs coefficients of 2^{Math.Log2(maxAbs):F1}, which do not fit the modulus of 2^{logQ:F1} at level {level}: " +
                "use a smaller scale, smaller values, or a higher level.");
        }

        RnsPoly value = destination.Value;
        for (int i = 0; i <= level; i++)
        {
            Modulus q = _parameters.RingQ[i];
            Span<ulong> row = value[i];
            for (int k = 0; k < row.Length; k++)
            {
                double c = _coefficients[k];
                row[k] = Math.Abs(c) < 9.2e18 ? q.ReduceSigned((long)c) : q.Reduce(new BigInteger(c));
            }

            Ntt.Forward(row, _parameters.RingQ.Tables[i]);
        }
    }

    private void DecodeSlots(Plaintext plaintext, int count)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        Guard.IsTrue(count <= Slots, "destination", $"has room for {count} values but a plaintext has {Slots} slots");
        int level = plaintext.Level, h = _fft.H;
        _work.Resize(level + 1);
        for (int i = 0; i <= level; i++)
        {
            plaintext.Value[i].CopyTo(_work[i]);
            Ntt.Inverse(_work[i], _parameters.RingQ.Tables[i]);
        }

        CrtDecoder crt = _crt[level] ??= new CrtDecoder(_parameters, level);
        crt.Decode(_work, _coefficients);
        double inverseScale = 1.0 / plaintext.Scale;
        for (int k = 0; k < h; k++)
        {
            _re[k] = _coefficients[k] * inverseScale;
            _im[k] = _coefficients[k + h] * inverseScale;
        }

        _fft.ToSlots(_re, _im);
    }
}
