using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class SharingTests
{
    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void SharedInputsRevealToTheirValues(TransportKind kind, int parties)
    {
        double[] values = Plain.OnGrid([0, 1, -1, 3.25, -1000.5, 123456.75, -0.0000153, 1e9]);
        var shape = new TensorShape(2, 4);
        var revealed = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, parties - 1, context.PartyId == parties - 1 ? values : [], shape);
            return (All: x.Reveal(), ToZero: x.RevealTo(0), Shares: x.Shares.ToArray());
        }, kind);

        foreach (var party in revealed)
        {
            Assert.Equal(values, party.All);
        }

        Assert.Equal(values, revealed[0].ToZero);
        Assert.All(revealed.Skip(1), party => Assert.Null(party.ToZero));

        // No party's share alone is the secret.
        Assert.All(revealed, party => Assert.NotEqual(values.Select(v => new FixedPointFormat(16).Encode(v)), party.Shares));
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void LinearOperationsAreLocalAndExact(TransportKind kind, int parties)
    {
        double[] a = Plain.OnGrid(Plain.Uniform(50, 1000, 1)), b = Plain.OnGrid(Plain.Uniform(50, 1000, 2));
        double[] c = Plain.OnGrid(Plain.Uniform(50, 10, 3));
        var shape = new TensorShape(5, 10);
        var results = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], shape);
            var y = SharedTensor.Share(context, 1, context.PartyId == 1 ? b : [], shape);
            long roundsBefore = context.Stats.Total.Rounds;
            var z = x.Add(y).Subtract(x.MultiplyPublic(3)).Negate().AddPublic(c);
            var bias = SharedTensor.Share(context, 1, context.PartyId == 1 ? c[..10] : [], new TensorShape(10));
            var biased = x.AddBias(bias);
            Assert.Equal(roundsBefore, context.Stats.Total.Rounds);
            return (z.Reveal(), biased.Reveal());
        }, kind);

        double[] expected = a.Zip(b, (x, y) => -(x + y - (3 * x))).Zip(c, (v, w) => v + w).ToArray();
        Assert.Equal(expected, results[0].Item1);
        Assert.Equal(a.Select((v, i) => v + c[i % 10]), results[0].Item2);
    }

    [Fact]
    public void MismatchedScalesAreRefused()
    {
        var errors = MpcSession.Run(2, context =>
        {
            var x = SharedTensor.Public(context, [1.0, 2.0], new TensorShape(2));
            var product = x.MultiplyPublic(2.0);
            return Record.Exception(() => x.Add(product));
        });
        Assert.All(errors, error => Assert.IsType<ParameterMismatchException>(error));
    }
}
