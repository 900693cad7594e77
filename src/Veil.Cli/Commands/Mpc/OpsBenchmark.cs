using System.Diagnostics;
using Veil.Mpc;
using Veil.Mpc.Deployment;
using Veil.Mpc.Preprocessing;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// Per-protocol costs: each operation runs on every party of a local session (threads, over loopback TLS by default),
/// once on demand (the dealer answers in line: preprocessing included) and then with its preprocessing prefetched
/// (online only). Figures are party 0's, medians over the repetitions.
/// </summary>
internal static class OpsBenchmark
{
    /// <summary>The operations measured, with representative sizes (LeNet's layers among them).</summary>
    public static IReadOnlyList<OpCase> Cases { get; } =
    [
        new("multiply", "10000", c => Unary(c, [10_000], x => x.Multiply(x))),
        new("square", "10000", c => Unary(c, [10_000], x => x.Square())),
        new("truncate", "10000", c => Unary(c, [10_000], x => x.MultiplyPublic(3.0).Rescale())),
        new("matmul", "1x784x128", c => MatMul(c, 1, 784, 128)),
        new("matmul", "128x784x128", c => MatMul(c, 128, 784, 128)),
        new("conv2d", "1x1x28x28*20x1x5x5", c => Conv(c, [1, 1, 28, 28], [20, 1, 5, 5])),
        new("conv2d", "1x20x12x12*50x20x5x5", c => Conv(c, [1, 20, 12, 12], [50, 20, 5, 5])),
        new("compare", "10000", c => Unary(c, [10_000], x => x.NonNegative())),
        new("relu", "10000", c => Unary(c, [10_000], x => x.Relu())),
        new("relu", "100000", c => Unary(c, [100_000], x => x.Relu())),
        new("maxpool", "1x20x24x24/2", c => Unary(c, [1, 20, 24, 24], x => x.MaxPool2d(2, 2))),
        new("avgpool", "1x20x24x24/2", c => Unary(c, [1, 20, 24, 24], x => x.AvgPool2d(2, 2))),
        new("argmax", "1x10", c => Unary(c, [1, 10], x => x.Argmax())),
        new("argmax", "128x10", c => Unary(c, [128, 10], x => x.Argmax())),
        new("network", "A (mlp) 784-128-128-10", c => Network(c, [], [784, 128, 128, 10])),
        new("network", "B conv16-conv16-100-10", c => Network(c, [new(16, 5, 1, 0, true), new(16, 5, 1, 0, true)], [256, 100, 10])),
        new("network", "C (lenet) conv20-conv50-500-10", c => Network(c, [new(20, 5, 1, 0, true), new(50, 5, 1, 0, true)], [800, 500, 10])),
        new("network", "D conv5s2-100-10", c => Network(c, [new(5, 5, 2, 2, false)], [980, 100, 10])),
    ];

    /// <summary>Measures <paramref name="cases"/> in one session of <paramref name="parties"/> parties.</summary>
    public static IReadOnlyList<OpResult> Run(IReadOnlyList<OpCase> cases, int parties, bool tls, int repeat)
    {
        var outcome = LocalSession.Run(parties, context => cases.Select(c => Measure(context, c, repeat)).ToArray(),
            new LocalSessionOptions { UseTls = tls, ReceiveTimeout = TimeSpan.FromMinutes(2) });
        return outcome.ResultsOrThrow()[0];
    }

    private static OpResult Measure(MpcContext context, OpCase operation, int repeat)
    {
        var source = (DealerTripleSource)context.Triples;
        Action run = operation.Prepare(context);

        // Warm-up on demand, recording the operation's preprocessing requests.
        int before = source.RecordedRequests.Count;
        run();
        var requests = source.RecordedRequests.Skip(before).ToList();

        var onDemand = new List<double>();
        var preprocessing = new List<double>();
        var online = new List<double>();
        OperationStats? onlineCost = null, preprocessingCost = null;
        for (int i = 0; i < repeat; i++)
        {
            Synchronize(context);
            var clock = Stopwatch.StartNew();
            run();
            onDemand.Add(clock.Elapsed.TotalMilliseconds);

            Synchronize(context);
            var start = context.Stats.Total;
            clock.Restart();
            source.Prefetch(requests);
            preprocessing.Add(clock.Elapsed.TotalMilliseconds);
            var middle = context.Stats.Total;
            Synchronize(context);
            var ready = context.Stats.Total;
            clock.Restart();
            run();
            online.Add(clock.Elapsed.TotalMilliseconds);
            onlineCost = context.Stats.Total.Minus(ready);
            preprocessingCost = middle.Minus(start);
        }

        return new OpResult(operation.Name, operation.Size, Median(online), Median(preprocessing), Median(onDemand),
            onlineCost!.Rounds, onlineCost.BytesSent, preprocessingCost!.DealerBytesReceived + preprocessingCost.DealerBytesSent, requests.Count);
    }

    /// <summary>Lines the parties up before a timed section: one tiny opening.</summary>
    private static void Synchronize(MpcContext context) => SharedTensor.Public(context, [0.0], new TensorShape(1)).RevealEncoded();

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static Action Unary(MpcContext context, int[] shape, Func<SharedTensor, object> operation)
    {
        var tensorShape = new TensorShape(shape);
        var data = new System.Random(1);
        double[] values = Enumerable.Range(0, tensorShape.Count).Select(_ => (data.NextDouble() * 20) - 10).ToArray();
        var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? values : [], tensorShape);
        return () => operation(x);
    }

    private static Action MatMul(MpcContext context, int m, int k, int n)
    {
        var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[m * k] : [], new TensorShape(m, k));
        var w = SharedTensor.Share(context, 1, context.PartyId == 1 ? new double[k * n] : [], new TensorShape(k, n));
        return () => x.MatMul(w);
    }

    /// <summary>
    /// A whole inference of one 28 x 28 image through a network of SecureNN's shapes, with the image shared by party 0
    /// and random weights shared by party 1 and prepared once (outside the timed inference): convolutions (each followed by max pooling at the product scale, ReLU and
    /// a rescale), then fully connected layers with ReLU, and the argmax revealed to party 0 only.
    /// </summary>
    private static Action Network(MpcContext context, ConvLayer[] convolutions, int[] dense)
    {
        var data = new System.Random(2);
        double[] Random(int count) => Enumerable.Range(0, count).Select(_ => (data.NextDouble() - 0.5) * 0.2).ToArray();
        PreparedOperand Weights(params int[] shape) =>
            SharedTensor.Share(context, 1, context.PartyId == 1 ? Random(shape.Aggregate(1, (a, b) => a * b)) : [], new TensorShape(shape)).Prepare();
        var image = SharedTensor.Share(context, 0, context.PartyId == 0 ? Random(784).Select(v => v * 5).ToArray() : [], new TensorShape(1, 1, 28, 28));
        int channels = 1;
        var kernels = new List<(PreparedOperand Kernel, ConvLayer Layer)>();
        foreach (var layer in convolutions)
        {
            kernels.Add((Weights(layer.Kernels, channels, layer.Size, layer.Size), layer));
            channels = layer.Kernels;
        }

        var matrices = Enumerable.Range(0, dense.Length - 1).Select(i => Weights(dense[i], dense[i + 1])).ToArray();
        return () =>
        {
            SharedTensor x = image;
            foreach (var (kernel, layer) in kernels)
            {
                x = x.Conv2d(kernel, layer.Stride, layer.Padding);
                x = (layer.Pool ? x.MaxPool2d(2, 2) : x).Relu().Rescale();
            }

            x = x.Reshape(new TensorShape(1, x.Count));
            for (int i = 0; i < matrices.Length; i++)
            {
                x = x.MatMul(matrices[i]);
                x = i < matrices.Length - 1 ? x.Relu().Rescale() : x.Rescale();
            }

            x.Argmax().RevealEncodedTo(0);
        };
    }

    private static Action Conv(MpcContext context, int[] input, int[] kernel)
    {
        var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[input.Aggregate(1, (a, b) => a * b)] : [], new TensorShape(input));
        var w = SharedTensor.Share(context, 1, context.PartyId == 1 ? new double[kernel.Aggregate(1, (a, b) => a * b)] : [], new TensorShape(kernel));
        return () => x.Conv2d(w);
    }
}

/// <summary>A convolution layer of a benchmark network: kernels, kernel size, stride, padding, and a 2 x 2 max pool after it.</summary>
internal sealed record ConvLayer(int Kernels, int Size, int Stride, int Padding, bool Pool);

/// <summary>An operation to measure: a name, a size label, and how to set it up on a party (returns the timed action).</summary>
internal sealed record OpCase(string Name, string Size, Func<MpcContext, Action> Prepare);

/// <summary>The measured cost of one operation on party 0.</summary>
internal sealed record OpResult(
    string Name, string Size, double OnlineMs, double PreprocessingMs, double OnDemandMs, long Rounds, long BytesSent, long DealerBytes, int Requests);
