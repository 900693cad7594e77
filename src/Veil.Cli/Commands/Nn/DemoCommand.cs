using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Nn;

/// <summary>
/// <c>veil demo</c>: evaluates every shipped model with every registered backend (<see cref="InferenceBackends"/>)
/// and prints one row per model, two columns (accuracy, time per image) per backend. A new backend appears as new
/// columns without changes here.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        IReadOnlyList<IInferenceBackend> backends = InferenceBackends.Create(context);
        var limit = NnOptions.Limit("Evaluate at most N test images per model and backend (default: each backend's own number).");
        var json = CommonOptions.Json();
        var command = new Command("demo", "Evaluate every shipped model on the MNIST test set, in the clear and with each secure backend.") { limit, json };
        command.SetAction(parse =>
        {
            int cap = NnOptions.AtLeast(parse.GetValue(limit), 0, "--limit");
            IReadOnlyList<string> names = ShippedModels.Names();
            if (names.Count == 0)
            {
                throw new VeilException("no shipped models found in models/; train one with 'veil train'.");
            }

            MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
            var rows = new List<(Sequential Model, List<(IInferenceBackend Backend, EvaluationResult? Result, string Note)> Cells)>();
            foreach (string name in names)
            {
                Sequential model = ShippedModels.Load(name);
                var cells = new List<(IInferenceBackend, EvaluationResult?, string)>();
                foreach (IInferenceBackend backend in backends)
                {
                    if (!backend.Supports(model, out string reason))
                    {
                        cells.Add((backend, null, reason));
                        continue;
                    }

                    int images = cap == 0 ? backend.DemoImages : Math.Min(cap, backend.DemoImages);
                    EvaluationResult result = ProgressDisplay.Run(context, $"{name} ({backend.Name})", report =>
                        BackendEvaluator.Evaluate(backend, model, test, images, new Progress<int>(done => report(done, images, $"{name} ({backend.Name})"))));
                    cells.Add((backend, result, string.Empty));
                }

                rows.Add((model, cells));
            }

            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var (model, cells) in rows)
                {
                    var results = new JsonArray();
                    foreach (var (backend, result, note) in cells)
                    {
                        results.Add(result is null ? new JsonObject { ["backend"] = backend.Name, ["unsupported"] = note } : EvalCommand.ToJson(result));
                    }

                    array.Add(new JsonObject { ["model"] = model.Name, ["parameters"] = model.ParameterCount, ["results"] = results });
                }

                JsonOutput.Write(context.Out, new JsonObject { ["models"] = array });
            }
            else
            {
                context.Terminal.Write(Table(rows.Select(r => (r.Model, r.Cells)).ToList(), backends));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Table(List<(Sequential Model, List<(IInferenceBackend Backend, EvaluationResult? Result, string Note)> Cells)> rows, IReadOnlyList<IInferenceBackend> backends)
    {
        var table = new Table().Title("Veil on MNIST").AddColumns("Model", "Parameters");
        foreach (IInferenceBackend backend in backends)
        {
            table.AddColumn(new TableColumn($"{backend.Name} accuracy").RightAligned());
            table.AddColumn(new TableColumn($"{backend.Name} ms/image").RightAligned());
        }

        foreach (var (model, cells) in rows)
        {
            var row = new List<string> { model.Name, $"{model.ParameterCount:N0}" };
            foreach (var (_, result, _) in cells)
            {
                row.Add(result is null ? "-" : $"{result.Accuracy:P2} ({result.Images:N0})");
                row.Add(result is null ? "-" : $"{result.SecondsPerImage * 1000:F4}");
            }

            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        return table;
    }
}
