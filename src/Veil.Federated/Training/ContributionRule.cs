using Veil.Federated.Privacy;
using Veil.Privacy.Mechanisms;

namespace Veil.Federated.Training;

/// <summary>
/// What one client adds to a round's sum, the same in the simulation and the networked service: a vector of d + 1
/// values whose last coordinate the server divides by (or counts). Without client-level DP it is w·update and w, with
/// w = min(examples / <see cref="MeanExamples"/>, <see cref="MaxWeight"/>) (FedAvg's example weight, relative to the
/// mean shard so it stays near 1); under secure aggregation the server then learns only Σw·update and Σw, never one
/// client's count. With DP it is the update clipped to L2 norm <see cref="ClipNorm"/> (plus this client's share of
/// the noise, when distributed) and the bit "was within C" that adaptive clipping counts; updates then weigh equally.
/// Build it from literals.
/// </summary>
/// <remarks>Thread-safety: an immutable record; <see cref="Build"/> uses the caller's noise generator.</remarks>
public sealed record ContributionRule
{
    /// <summary>The shard size a weight of 1 stands for: the mean number of examples per client.</summary>
    public double MeanExamples { get; init; } = 1;

    /// <summary>The largest weight; a client with more than MaxWeight·MeanExamples examples counts as that many. The
    /// quantization range scales by it.</summary>
    public double MaxWeight { get; init; } = 1;

    /// <summary>Client-level DP's clipping norm C for this round; null without DP.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>The deviation of the noise each client adds before masking (distributed DP), else 0.</summary>
    public double ClientNoiseStd { get; init; }

    /// <summary>Throws unless the values are in range (a networked client checks what the coordinator sent).</summary>
    /// <exception cref="ArgumentException">A value is not positive and finite, or the noise is negative.</exception>
    public void Validate()
    {
        Guard.IsTrue(MeanExamples > 0 && double.IsFinite(MeanExamples), nameof(MeanExamples), "must be positive");
        Guard.IsTrue(MaxWeight >= 1 && double.IsFinite(MaxWeight), nameof(MaxWeight), "must be at least 1");
        Guard.IsTrue(ClipNorm is null || (ClipNorm > 0 && double.IsFinite(ClipNorm.Value)), nameof(ClipNorm), "must be positive");
        Guard.IsTrue(ClientNoiseStd >= 0 && double.IsFinite(ClientNoiseStd), nameof(ClientNoiseStd), "must be non-negative");
    }

    /// <summary>The weight of a client with <paramref name="examples"/> examples (1 with DP).</summary>
    public float Weight(int examples) => ClipNorm is null ? (float)Math.Min(examples / MeanExamples, MaxWeight) : 1f;

    /// <summary>The clamp of every quantized coordinate of a contribution: the update clamp times the largest weight
    /// without DP (the weight coordinate is at most that too); with DP the clip norm bounds the update, so 4C, widened
    /// to C + 6σ when the client's noise share σ needs more, and never below 1 (the bit).</summary>
    /// <param name="updateClamp">The clamp of one coordinate of an unweighted update (without DP).</param>
    public double QuantizationRange(double updateClamp) => ClipNorm is double c
        ? Math.Max(1, Math.Max(4 * c, c + (6 * ClientNoiseStd)))
        : Math.Max(updateClamp, 1) * MaxWeight;

    /// <summary>Writes the contribution of <paramref name="update"/> (which DP clips in place) into
    /// <paramref name="contribution"/> (length d + 1).</summary>
    /// <param name="update">The client's update; clipped in place with DP.</param>
    /// <param name="examples">The client's example count.</param>
    /// <param name="contribution">Receives the d + 1 values.</param>
    /// <param name="noise">The client's noise generator (a secure one); needed when <see cref="ClientNoiseStd"/> is positive.</param>
    /// <exception cref="ArgumentException">The lengths do not match, or noise is needed and missing.</exception>
    public void Build(Span<float> update, int examples, Span<float> contribution, GaussianNoise? noise)
    {
        Guard.LengthEquals(contribution.Length, update.Length + 1, nameof(contribution));
        int d = update.Length;
        if (ClipNorm is double c)
        {
            contribution[d] = ClientLevelDp.ClipTo(update, c);
            update.CopyTo(contribution);
            if (ClientNoiseStd > 0)
            {
                Guard.IsTrue(noise is not null, nameof(noise), "is needed for distributed noise");
                noise!.AddTo(contribution[..d], ClientNoiseStd);
            }

            return;
        }

        float weight = Weight(examples);
        for (int i = 0; i < d; i++)
        {
            contribution[i] = update[i] * weight;
        }

        contribution[d] = weight;
    }

    /// <summary>Turns a round's sum of contributions into the update the server applies: with DP, adds the server's
    /// noise and divides by the expected clients (<see cref="ClientLevelDp.FinishRound"/>, which also adapts C and
    /// charges the accountant); without, divides by the summed weight.</summary>
    /// <param name="sum">The first d coordinates of the sum; becomes the mean.</param>
    /// <param name="last">The sum's last coordinate: the summed weight, or with DP the number of unclipped updates.</param>
    /// <param name="dp">The federation's DP state, or null.</param>
    /// <exception cref="ArgumentException">Without DP, the summed weight is not positive.</exception>
    public static void ToMean(Span<float> sum, double last, ClientLevelDp? dp)
    {
        if (dp is not null)
        {
            dp.AddNoise(sum, byClient: false);
            dp.FinishRound(sum, (int)Math.Round(last));
            return;
        }

        Guard.IsTrue(last > 0, nameof(last), "the summed weight must be positive");
        float inverse = (float)(1 / last);
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] *= inverse;
        }
    }
}
