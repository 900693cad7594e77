namespace Veil.Privacy.Accounting;

/// <summary>An (epsilon, delta)-DP guarantee obtained from Renyi DP, with the order that gave it.</summary>
/// <param name="Epsilon">The guaranteed epsilon (an upper bound on the true one).</param>
/// <param name="Delta">The delta it holds at.</param>
/// <param name="Order">The Renyi order alpha at which the conversion was tightest.</param>
public sealed record RdpGuarantee(double Epsilon, double Delta, double Order);
