namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// This party's share of a fixed mask made by <see cref="OtPlanner"/>, and who holds the mask: <see cref="Owner"/> is
/// the one party holding all of it (the other's share is zero), or <see cref="Shared"/> when both hold random shares.
/// </summary>
/// <remarks>Thread-safety: immutable (the planner never writes the shares after making them).</remarks>
internal sealed record OtMask(ulong[] Shares, int Owner)
{
    /// <summary>The owner of a two-sided mask: no one.</summary>
    public const int Shared = -1;

    /// <summary>Whether one party holds the whole mask.</summary>
    public bool IsOneSided => Owner != Shared;
}
