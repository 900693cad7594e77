namespace Veil.Mpc.Nn;

/// <summary>What one batch of a serving secure-inference session gave the data owner, and what it cost.</summary>
/// <param name="Classes">The predicted class of each input, in order.</param>
/// <param name="Bytes">Bytes the batch moved: between the parties, and between the data owner (party 0, the only party
/// the dealer sends corrections to after the hello) and the dealer.</param>
/// <param name="Rounds">Communication rounds, the announcement of the batch size included.</param>
/// <param name="Seconds">Wall time on the data owner's protocol thread, preprocessing included.</param>
/// <param name="PreprocessingSeconds">The part of <paramref name="Seconds"/> spent fetching correlations ahead of the
/// online phase (0 for a batch size not seen before: its correlations are fetched on demand).</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record SecureBatchResult(int[] Classes, long Bytes, long Rounds, double Seconds, double PreprocessingSeconds);
