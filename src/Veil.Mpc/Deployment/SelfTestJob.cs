using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Veil.Mpc.Deployment;

/// <summary>
/// A check that a deployment computes correctly: party 0 shares a vector x and the last party a vector y (test
/// data drawn from a public seed, so every party can check the result), and the parties compute the dot product
/// x . y, ReLU(x * y), [x &gt;= y] and the argmax of each ten consecutive values of x, reveal them, and compare with plaintext.
/// Repeating it makes a long-running session for failure tests.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Run"/> runs on the party's thread.</remarks>
public sealed class SelfTestJob : IMpcJob
{
    /// <summary>The job kind in parties files.</summary>
    public const string Kind = "selftest";

    /// <summary>Creates the job.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public SelfTestJob(int elements, int repeat, int seed)
    {
        Elements = Guard.InRange(elements, 10, 1 << 24);
        Repeat = Guard.InRange(repeat, 1, 1_000_000);
        Seed = seed;
    }

    /// <summary>The vector length.</summary>
    public int Elements { get; }

    /// <summary>How many times the computation runs.</summary>
    public int Repeat { get; }

    /// <summary>The public seed of the test data.</summary>
    public int Seed { get; }

    /// <summary>Reads a job description: { "kind": "selftest", "elements": 4096, "repeat": 1, "seed": 1 }.</summary>
    public static SelfTestJob FromDescription(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new SelfTestJob(
            description["elements"]?.GetValue<int>() ?? 4096,
            description["repeat"]?.GetValue<int>() ?? 1,
            description["seed"]?.GetValue<int>() ?? 1);
    }

    /// <inheritdoc />
    public JsonObject Run(MpcContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var data = new System.Random(Seed);
        double[] x = Enumerable.Range(0, Elements).Select(_ => Math.Round((data.NextDouble() - 0.5) * 8 * 65536) / 65536).ToArray();
        double[] y = Enumerable.Range(0, Elements).Select(_ => Math.Round((data.NextDouble() - 0.5) * 8 * 65536) / 65536).ToArray();
        int owner = context.PartyCount - 1;
        int failures = 0;
        for (int round = 0; round < Repeat; round++)
        {
            var sx = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(1, Elements));
            var sy = SharedTensor.Share(context, owner, context.PartyId == owner ? y : [], new TensorShape(Elements, 1));
            double dot = sx.MatMul(sy).Rescale().Reveal()[0];
            double[] relu = sx.Multiply(sy.Reshape(sx.Shape)).Rescale().Relu().Reveal();
            bool[] greater = sx.GreaterOrEqual(sy.Reshape(sx.Shape)).Reveal();
            int rows = Elements / 10;
            var logits = SharedTensor.Share(context, 0, context.PartyId == 0 ? x.AsSpan(0, rows * 10) : [], new TensorShape(rows, 10));
            ulong[] argmax = logits.Argmax().RevealEncoded();

            double expectedDot = x.Zip(y, (a, b) => a * b).Sum();
            failures += Math.Abs(dot - expectedDot) <= 1e-3 ? 0 : 1;
            failures += Enumerable.Range(0, Elements).Count(i => Math.Abs(relu[i] - Math.Max(0, x[i] * y[i])) > 2.0 / 65536);
            failures += Enumerable.Range(0, Elements).Count(i => greater[i] != (x[i] >= y[i]));
            failures += Enumerable.Range(0, rows).Count(r => argmax[r] != (ulong)Array.IndexOf(x, x.Skip(r * 10).Take(10).Max(), r * 10) - (ulong)(r * 10));
        }

        var operations = new JsonObject();
        foreach (var (name, stats) in context.Stats.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            operations[name] = new JsonObject { ["rounds"] = stats.Rounds, ["bytes_sent"] = stats.BytesSent, ["dealer_bytes_received"] = stats.DealerBytesReceived };
        }

        var total = context.Stats.Total;
        return new JsonObject
        {
            ["job"] = Kind,
            ["ok"] = failures == 0,
            ["failures"] = failures,
            ["elements"] = Elements,
            ["repeat"] = Repeat,
            ["seconds"] = clock.Elapsed.TotalSeconds,
            ["rounds"] = total.Rounds,
            ["bytes_sent"] = total.BytesSent,
            ["bytes_received"] = total.BytesReceived,
            ["dealer_bytes"] = total.DealerBytesReceived + total.DealerBytesSent,
            ["operations"] = operations,
        };
    }
}
