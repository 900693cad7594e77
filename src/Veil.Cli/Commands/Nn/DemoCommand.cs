using System.CommandLine;
using Veil.Cli.Commands.Compare;
using Veil.Compare.Comparison;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Nn;

/// <summary>
/// <c>veil demo</c>: a short <c>veil compare</c>. Every shipped model under every backend that applies, on the first
/// <see cref="DemoImages"/> test images with a per-row time budget (so that slow rows, such as LeNet under HE one
/// image at a time, end after a few images), written to <c>./veil-report/</c>.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Test images per row.</summary>
    public const int DemoImages = 100;

    /// <summary>The per-row time budget, in seconds: the whole demo stays within 3 minutes on a 2-core machine.</summary>
    public const double DemoSecondsPerRow = 20;

    /// <summary>Where the demo writes its results and report.</summary>
    public const string DemoDirectory = "veil-report";

    public static Command Create(CliContext context)
    {
        IReadOnlyList<IInferenceBackend> registered = InferenceBackends.Create(context);
        var limit = NnOptions.Limit($"Classify the first N test images per row (default: {DemoImages}).");
        limit.DefaultValueFactory = _ => DemoImages;
        var seconds = CompareCommand.MaxSeconds(DemoSecondsPerRow, $"{DemoSecondsPerRow:0}");
        var output = CompareCommand.Out($"Write results.json and report.html into DIR (default: {DemoDirectory}).");
        output.DefaultValueFactory = _ => DemoDirectory;
        var json = CommonOptions.Json();
        var command = new Command("demo", "A short 'veil compare': every shipped model in the clear and under each privacy technique, " +
            $"on the first {DemoImages} test images, with a report in ./{DemoDirectory}/.") { limit, seconds, output, json };
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions
            {
                Limit = NnOptions.AtLeast(parse.GetValue(limit), 1, "--limit"),
                MaxSecondsPerRow = CompareCommand.AtLeastZero(parse.GetValue(seconds)),
            };
            var request = new CompareRequest(
                CompareCommand.ShippedModelNames(),
                CompareRun.BackendNames(registered),
                options,
                parse.GetValue(output),
                parse.GetValue(json),
                Compare.CommandLine.Of("veil demo", parse, limit, seconds, output));
            return CompareRun.Execute(context, registered, request);
        });
        return command;
    }
}
