using System.CommandLine;
using System.Globalization;
using Veil.Cli.Commands.Nn;
using Veil.Compare.Comparison;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Compare;

/// <summary><c>veil compare</c>: every model under every backend that applies, measured side by side on the same
/// first test images.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        IReadOnlyList<IInferenceBackend> registered = InferenceBackends.Create(context);
        IReadOnlyList<string> backendNames = CompareRun.BackendNames(registered);
        var models = new Option<string?>("--models") { Description = "Shipped models, comma-separated (default: every shipped model).", HelpName = "LIST" };
        var backends = new Option<string?>("--backends")
        {
            Description = $"Backends, comma-separated, from {string.Join(", ", backendNames)} (default: all). Plain rows are always measured: they are the baselines.",
            HelpName = "LIST",
        };
        var limit = NnOptions.Limit($"Classify the first N test images per row (default: {ComparisonOptions.DefaultLimit:N0}).");
        limit.DefaultValueFactory = _ => ComparisonOptions.DefaultLimit;
        var batch = new Option<int>("--batch")
        {
            Description = $"The largest throughput batch (default: {ComparisonOptions.DefaultThroughputBatch:N0}; each backend batches up to its own maximum).",
            HelpName = "B",
            DefaultValueFactory = _ => ComparisonOptions.DefaultThroughputBatch,
        };
        var seconds = MaxSeconds(0, "none");
        var output = Out("Write results.json and report.html into DIR.");
        var json = CommonOptions.Json();
        var audit = new Option<bool>("--audit")
        {
            Description = "Also audit each model with membership-inference attacks (LOSS, LiRA, RMIA; 8 shadow models on 2,000 targets, " +
                "as 'veil audit --model NAME'): adds a privacy column and ROC curves to the report. Slow: about a minute or more per model.",
        };
        var command = new Command("compare", "Measure every model in the clear and under each privacy technique (HE, MPC, DP) on the same MNIST test images.")
        {
            models, backends, limit, batch, seconds, output, json, audit,
        };
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions
            {
                Limit = NnOptions.AtLeast(parse.GetValue(limit), 1, "--limit"),
                ThroughputBatch = NnOptions.AtLeast(parse.GetValue(batch), 1, "--batch"),
                MaxSecondsPerRow = AtLeastZero(parse.GetValue(seconds)),
            };
            var request = new CompareRequest(
                CompareRun.Names(parse.GetValue(models), ShippedModelNames(), "model"),
                CompareRun.Names(parse.GetValue(backends), backendNames, "backend"),
                options,
                parse.GetValue(output),
                parse.GetValue(json),
                CommandLine.Of("veil compare", parse, models, backends, limit, batch, seconds, output, audit),
                parse.GetValue(audit));
            return CompareRun.Execute(context, registered, request);
        });
        return command;
    }

    /// <summary><c>--max-seconds S</c>: the per-row time budget.</summary>
    public static Option<double> MaxSeconds(double defaultValue, string defaultText) => new("--max-seconds")
    {
        Description = $"Stop a row's accuracy pass after the batch that crosses S seconds from the row's start (default: {defaultText}).",
        HelpName = "S",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary><c>--out DIR</c>.</summary>
    public static Option<string?> Out(string description) => new("--out") { Description = description, HelpName = "DIR" };

    /// <summary>Every shipped model's name.</summary>
    /// <exception cref="VeilException">No model is shipped.</exception>
    public static IReadOnlyList<string> ShippedModelNames()
    {
        IReadOnlyList<string> names = ShippedModels.Names();
        return names.Count > 0 ? names : throw new VeilException("no shipped models found in models/; train one with 'veil train'.");
    }

    /// <summary>Throws a usage error unless <paramref name="value"/> is a finite number ≥ 0.</summary>
    public static double AtLeastZero(double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new CliUsageException($"--max-seconds must be at least 0; got {value.ToString(CultureInfo.InvariantCulture)}.");
}
