using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Privacy;
using Veil.Cli.Output;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Nn;

/// <summary><c>veil eval</c>: a model's accuracy and speed on the MNIST test images, with a chosen backend.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        IReadOnlyList<IInferenceBackend> backends = InferenceBackends.Create(context);
        var model = NnOptions.Model("A shipped model (see 'veil demo'), e.g. lenet.");
        var file = NnOptions.ModelFile();
        var onnx = NnOptions.Onnx();
        var limit = NnOptions.Limit("Evaluate the first N test images (default: all 10,000).");
        var backend = new Option<string>("--backend", "-b")
        {
            Description = "Where inference runs: " + string.Join("; ", backends.Select(b => $"{b.Name} = {b.Description}")) + ".",
            DefaultValueFactory = _ => backends[0].Name,
        };
        NnOptions.OneOf(backend, [.. backends.Select(b => b.Name)], "backend");
        var mode = He.HeEvalMode.Option();
        var preprocessing = new Option<string?>("--preprocessing")
        {
            Description = "With --backend mpc: where the correlations come from: dealer (default), ot or he (the two parties alone).",
            HelpName = "dealer|ot|he",
        };
        var json = CommonOptions.Json();
        var command = new Command("eval", "Classify MNIST test images with a model and report accuracy and time.") { model, file, onnx, limit, backend, mode, preprocessing, json };
        command.SetAction(parse =>
        {
            int count = NnOptions.AtLeast(parse.GetValue(limit), 0, "--limit");
            Sequential network = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file), parse.GetValue(onnx));
            (IInferenceBackend chosen, string? packing) = He.HeEvalMode.Apply(backends.First(b => b.Name == parse.GetValue(backend)), parse.GetValue(mode));
            (chosen, string? source) = Mpc.MpcInferenceBackend.Apply(chosen, parse.GetValue(preprocessing));
            MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
            EvaluationResult result = ProgressDisplay.Run(context, $"{network.Name} ({chosen.Name})", report =>
                BackendEvaluator.Evaluate(chosen, network, test, count, new Progress<int>(done => report(done, count == 0 ? test.Count : count, $"{network.Name} ({chosen.Name})"))));
            if (parse.GetValue(json))
            {
                JsonObject document = ToJson(result);
                if (packing is not null)
                {
                    document["mode"] = packing;
                }

                if (source is not null)
                {
                    document["preprocessing"] = source;
                }

                ModelPrivacy.AddTo(document, network);
                JsonOutput.Write(context.Out, document);
            }
            else
            {
                var table = new Table().AddColumns("Model", "Backend", "Accuracy", "Images", "Seconds", "ms / image");
                table.AddRow(result.Model, result.Backend, $"{result.Accuracy:P2}", $"{result.Images:N0}", $"{result.Seconds:F2}", $"{result.SecondsPerImage * 1000:F4}");
                context.Terminal.Write(table);
                if (packing is not null)
                {
                    context.Out.WriteLine($"mode {packing}; " + string.Join(", ", PerImageFields(result).Select(f => $"{f.Key} {f.Value:G6}")));
                }

                if (ModelPrivacy.Describe(network) is string privacy)
                {
                    context.Out.WriteLine(privacy);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON form of a result (shared with <c>veil demo --json</c>).</summary>
    public static JsonObject ToJson(EvaluationResult result)
    {
        var metrics = new JsonObject();
        foreach (var (key, value) in result.Metrics)
        {
            metrics[key] = value;
        }

        var document = new JsonObject
        {
            ["model"] = result.Model,
            ["backend"] = result.Backend,
            ["accuracy"] = result.Accuracy,
            ["correct"] = result.Correct,
            ["agrees_with_plaintext"] = result.AgreesWithPlaintext,
            ["images"] = result.Images,
            ["seconds"] = result.Seconds,
            ["seconds_per_image"] = result.SecondsPerImage,
            ["images_per_second"] = result.ImagesPerSecond,
            ["setup_seconds"] = result.SetupSeconds,
            ["metrics"] = metrics,
        };

        // Backends that communicate report their traffic at the top level too.
        foreach (string key in (string[])[InferenceMetrics.Bytes, InferenceMetrics.Rounds])
        {
            if (result.Metrics.TryGetValue(key, out double value))
            {
                document[key] = value;
            }
        }

        foreach (var (key, value) in PerImageFields(result))
        {
            document[key] = value;
        }

        return document;
    }

    /// <summary>Top-level figures of secure backends: per-image traffic, key size, logit error (when reported).</summary>
    private static IEnumerable<KeyValuePair<string, double>> PerImageFields(EvaluationResult result)
    {
        foreach (string name in new[] { InferenceMetrics.BytesIn, InferenceMetrics.BytesOut, InferenceMetrics.Bytes })
        {
            if (result.Metrics.TryGetValue(name, out double total) && result.Images > 0)
            {
                yield return new(name + "_per_image", total / result.Images);
            }
        }

        foreach (string name in new[] { InferenceMetrics.EvalKeysBytes, InferenceMetrics.MaxLogitError })
        {
            if (result.Metrics.TryGetValue(name, out double value))
            {
                yield return new(name, value);
            }
        }
    }
}
