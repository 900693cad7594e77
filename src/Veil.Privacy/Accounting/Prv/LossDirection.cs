namespace Veil.Privacy.Accounting.Prv;

/// <summary>Which of the two neighbouring datasets is the "real" one in the hockey-stick divergence.</summary>
internal enum LossDirection
{
    /// <summary>P = the subsampled mixture (1 - q) N(0, s^2) + q N(1, s^2), Q = N(0, s^2): removing an example.</summary>
    Remove,

    /// <summary>P = N(0, s^2), Q = the mixture: adding an example.</summary>
    Add,
}
