using Veil.Mpc;

namespace Veil.Mpc.Nn.Tests.Privacy;

/// <summary>
/// Records one party's view beyond its own shares (every opened value, and every output revealed to it) and measures
/// what an honest view must not show: small opened ring elements (an unmasked value) and pairs of openings that
/// differ by a small amount (two values opened under the same mask, whose difference is the plaintext difference).
/// </summary>
internal sealed class OpeningRecorder : IOpeningObserver
{
    private readonly List<ulong[]> _openings = [];

    /// <summary>The arithmetic words of every public opening, in order.</summary>
    public IReadOnlyList<ulong[]> Openings => _openings;

    /// <summary>How many outputs were revealed to this party alone.</summary>
    public int RevealedToThisParty { get; private set; }

    public long OpenedWords => _openings.Sum(o => (long)o.Length);

    public void Opened(ReadOnlySpan<ulong> opened, int arithmeticWords, bool revealedToThisPartyOnly)
    {
        if (revealedToThisPartyOnly)
        {
            RevealedToThisParty++;
        }
        else if (arithmeticWords > 0)
        {
            _openings.Add(opened[..arithmeticWords].ToArray());
        }
    }

    /// <summary>
    /// Opened ring elements of absolute value (as signed) below 2^<paramref name="bits"/>. A uniformly masked element
    /// is that small with probability 2^(bits − 63); an unmasked fixed-point value almost always is.
    /// </summary>
    public long SmallWords(int bits)
    {
        ulong bound = 1UL << bits;
        return _openings.Sum(o => o.LongCount(w => Magnitude(w) < bound));
    }

    /// <summary>
    /// Positions at which two openings of the same length differ by less than 2^<paramref name="bits"/> (as signed).
    /// Under fresh masks each position of each pair does so with probability 2^(bits − 63); a correlation handed out
    /// twice makes nearly every position of the pair do so, since (x − a) − (y − a) = x − y.
    /// </summary>
    public long AlignedClosePairs(int bits)
    {
        ulong bound = 1UL << bits;
        long close = 0;
        foreach (var group in _openings.GroupBy(o => o.Length))
        {
            var same = group.ToArray();
            for (int i = 0; i < same.Length; i++)
            {
                for (int j = i + 1; j < same.Length; j++)
                {
                    for (int k = 0; k < same[i].Length; k++)
                    {
                        if (Magnitude(same[i][k] - same[j][k]) < bound)
                        {
                            close++;
                        }
                    }
                }
            }
        }

        return close;
    }

    /// <summary>
    /// Pairs of opened ring elements anywhere in the view (any openings, any positions) closer than
    /// 2^<paramref name="bits"/>: adjacent gaps of the sorted words, wrapping around. N uniform words have about
    /// N² 2^(bits − 64) such gaps.
    /// </summary>
    public long ClosePairsAnywhere(int bits)
    {
        ulong[] all = [.. _openings.SelectMany(o => o)];
        Array.Sort(all);
        ulong bound = 1UL << bits;
        long close = 0;
        for (int i = 0; i < all.Length; i++)
        {
            ulong next = i + 1 < all.Length ? all[i + 1] : all[0];
            if (next - all[i] < bound)
            {
                close++;
            }
        }

        return close;
    }

    /// <summary>|w| with w read as a signed 64-bit integer (2^63 for the most negative value).</summary>
    private static ulong Magnitude(ulong w) => (long)w >= 0 ? w : 0UL - w;
}
