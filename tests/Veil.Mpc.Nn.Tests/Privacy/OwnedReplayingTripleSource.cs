using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn.Tests.Privacy;

/// <summary>
/// A faulty source for the owned-product audit's control: it takes every correlation from the real source (so the
/// parties stay in step) but hands out the first owned-product correlation of each operand again for every later
/// product with it. Both parties replay their own parts, so C_D + C_O = A W still holds and the results stay right;
/// only the mask A of the data owner's message E = X_D − A repeats, which the audit must notice.
/// </summary>
internal sealed class OwnedReplayingTripleSource(ITripleSource inner) : TripleSourceDecorator(inner)
{
    private readonly Dictionary<int, OwnedProductCorrelation> _first = [];

    public override OwnedProductCorrelation OwnedMatMul(int m, OwnedOperand right) => Replay(right, Inner.OwnedMatMul(m, right));

    public override OwnedProductCorrelation OwnedConv2d(Conv2dShape shape, OwnedOperand kernel) => Replay(kernel, Inner.OwnedConv2d(shape, kernel));

    private OwnedProductCorrelation Replay(OwnedOperand operand, OwnedProductCorrelation fresh) =>
        _first.TryAdd(operand.Id, fresh) ? fresh : new OwnedProductCorrelation(_first[operand.Id].A, [.. _first[operand.Id].C]);
}
