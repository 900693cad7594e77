namespace Veil.Compare.Results;

/// <summary>
/// The membership-inference audit of one model (<c>veil compare --audit</c>, computed by Veil.Audit): how the pool and
/// shadows were set up, and one entry per attack.
/// </summary>
/// <param name="Model">The audited model.</param>
/// <param name="Setup">The pool, shadow count and epochs, in words.</param>
/// <param name="Attacks">One entry per attack, in the order run.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ModelAudit(string Model, string Setup, IReadOnlyList<AuditAttackResult> Attacks)
{
    /// <summary>The attack the comparison table shows (LiRA online), or null when it was not run.</summary>
    public AuditAttackResult? Headline => Attacks?.FirstOrDefault(a => a.Attack == HeadlineAttack);

    /// <summary>The name of the attack the table shows.</summary>
    public const string HeadlineAttack = "lira-online";
}
