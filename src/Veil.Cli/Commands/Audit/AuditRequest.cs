using Veil.Audit.Attacks;
using Veil.Nn;

namespace Veil.Cli.Commands.Audit;

/// <summary>The settings of one <c>veil audit</c> run, validated.</summary>
internal sealed record AuditRequest
{
    public required Sequential Target { get; init; }

    public required IReadOnlyList<AttackKind> Attacks { get; init; }

    public required int Shadows { get; init; }

    public required int Targets { get; init; }

    public int? Epochs { get; init; }

    public required int Population { get; init; }

    public required int Seed { get; init; }

    public required int Bootstrap { get; init; }

    public bool PerPointVariance { get; init; }
}
