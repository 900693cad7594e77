using Veil.Random;

namespace Veil.Privacy.Sampling;

/// <summary>
/// Poisson subsampling for DP-SGD: each example joins a batch independently with probability q, the sampling the
/// accountants analyse (batches have random size, mean qN). Each inclusion is an exact Bernoulli(q) trial: q is an
/// exact dyadic rational, compared with a uniform 64- or 128-bit integer, so no floating-point rounding biases it.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. Use a CSPRNG (<see cref="CryptoRandom"/>) in training: which
/// examples were sampled is part of what the privacy analysis keeps secret.</remarks>
public sealed class PoissonSampler
{
    private readonly IRandomSource _random;
    private readonly ulong _threshold64;   // q 2^64, when exact
    private readonly UInt128 _threshold128; // q 2^128, when exact
    private readonly int _words;            // 0: always include (q = 1); 1 or 2: compare words; 3: exact rational
    private readonly Rational _exact;
    private readonly ulong[] _buffer = new ulong[1024];

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="PrivacyParameterException"><paramref name="sampleRate"/> is not in (0, 1].</exception>
    public PoissonSampler(double sampleRate, IRandomSource random)
    {
        _random = Guard.NotNull(random);
        SampleRate = PrivacyGuard.SampleRate(sampleRate, "sample rate");
        _exact = Rational.FromDouble(sampleRate);
        if (sampleRate == 1)
        {
            _words = 0;
        }
        else if (Math.ScaleB(sampleRate, 64) is var scaled64 && scaled64 == Math.Floor(scaled64))
        {
            _words = 1;
            _threshold64 = (ulong)scaled64;
        }
        else if (Math.ScaleB(sampleRate, 128) is var scaled128 && scaled128 == Math.Floor(scaled128))
        {
            _words = 2;
            _threshold128 = (UInt128)scaled128;
        }
        else
        {
            _words = 3;
        }
    }

    /// <summary>The sampling probability q.</summary>
    public double SampleRate { get; }

    /// <summary>Appends to <paramref name="batch"/> the indices in [0, <paramref name="datasetSize"/>) that join this
    /// batch, in increasing order, and returns how many joined.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="datasetSize"/> is negative.</exception>
    public int Sample(int datasetSize, List<int> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Guard.NotNegative(datasetSize);
        int before = batch.Count;
        if (_words == 1)
        {
            // The common case, in bulk: one word per example, compared with q 2^64.
            Span<ulong> words = _buffer;
            for (int start = 0; start < datasetSize; start += words.Length)
            {
                Span<ulong> chunk = words[..Math.Min(words.Length, datasetSize - start)];
                _random.Fill(chunk);
                for (int k = 0; k < chunk.Length; k++)
                {
                    if (chunk[k] < _threshold64)
                    {
                        batch.Add(start + k);
                    }
                }
            }

            words.Clear();
            return batch.Count - before;
        }

        for (int i = 0; i < datasetSize; i++)
        {
            if (Include())
            {
                batch.Add(i);
            }
        }

        return batch.Count - before;
    }

    /// <summary>The indices that join a new batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="datasetSize"/> is negative.</exception>
    public int[] SampleNew(int datasetSize)
    {
        var batch = new List<int>();
        Sample(datasetSize, batch);
        return [.. batch];
    }

    private bool Include() => _words switch
    {
        0 => true,
        1 => _random.NextUInt64() < _threshold64,
        2 => new UInt128(_random.NextUInt64(), _random.NextUInt64()) < _threshold128,
        _ => ExactBernoulli.Sample(_random, _exact.Numerator, _exact.Denominator),
    };
}
