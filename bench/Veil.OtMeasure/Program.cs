using Veil.Mpc;
using Veil.Mpc.Preprocessing;

// Measures dealer-free (OT) preprocessing in-process: dotnet run -c Release --project bench/Veil.OtMeasure
var workloads = new (string Name, CorrelationRequest[] Requests)[]
{
    ("MatMul(1,784,128)", [CorrelationRequest.MatMul(1, 784, 128)]),
    ("LeNet conv1 (1x1x28x28, 20 5x5)", [CorrelationRequest.Conv2d(new Conv2dShape(1, 1, 28, 28, 20, 5, 5))]),
    ("LeNet conv2 (1x20x12x12, 50 5x5)", [CorrelationRequest.Conv2d(new Conv2dShape(1, 20, 12, 12, 50, 5, 5))]),
    ("MatMul(1,784,128) owned mask", [CorrelationRequest.Mask(784 * 128, 1), CorrelationRequest.MatMulWithMask(1, 784, 128, 0)]),
    ("LeNet conv1 owned mask", [CorrelationRequest.Mask(20 * 25, 1), CorrelationRequest.Conv2dWithMask(new Conv2dShape(1, 1, 28, 28, 20, 5, 5), 0)]),
    ("LeNet conv2 owned mask", [CorrelationRequest.Mask(50 * 20 * 25, 1), CorrelationRequest.Conv2dWithMask(new Conv2dShape(1, 20, 12, 12, 50, 5, 5), 0)]),
    ("Comparison(10000)", [CorrelationRequest.Comparison(10_000)]),
    ("Truncation(10000, 16)", [CorrelationRequest.Truncation(10_000, 16)]),
};
OtPreprocessingMeasurement.Run([CorrelationRequest.Multiplication(1000)]);
if (args.Length > 0) { workloads = workloads.Where(w => w.Name.Contains(args[0], StringComparison.Ordinal)).ToArray(); }
foreach (var (name, requests) in workloads)
{
    // The first run pays for JIT tiering; the second is the steady state of a long session.
    OtPreprocessingMeasurement.Run(requests);
    var m = OtPreprocessingMeasurement.Run(requests);
    Console.WriteLine($"{name,-34} {m.Elapsed.TotalSeconds,7:F3} s (CPU {m.ProcessorTime.TotalSeconds,6:F3} s)   P0->P1 {m.BytesFromZero / 1e6,9:F2} MB   P1->P0 {m.BytesFromOne / 1e6,9:F2} MB   (setup {m.Setup.TotalSeconds:F3} s, {m.SetupBytes} B)");
}
