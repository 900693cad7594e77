using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.He.Nn.Circuit;
using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.He.Rlwe;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.Cli.Commands.He;

/// <summary><c>veil he plan|keys|encrypt|infer|decrypt</c>: encrypted inference with client and server apart.</summary>
internal static class HeInferenceCommands
{
    public static IEnumerable<Command> Create(CliContext context) =>
        [CreatePlan(context), CreateKeys(context), CreateEncrypt(context), CreateInfer(context), CreateDecrypt(context)];

    /// <summary>The <c>--mode</c> option (batch or latency).</summary>
    public static Option<string> Mode()
    {
        var mode = new Option<string>("--mode") { Description = "Packing: batch (SIMD across images) or latency (one image across the slots).", DefaultValueFactory = _ => "batch" };
        NnOptions.OneOf(mode, ["batch", "latency"], "mode");
        return mode;
    }

    public static PackingMode ParseMode(string? value) => value == "latency" ? PackingMode.Latency : PackingMode.Batch;

    private static Command CreatePlan(CliContext context)
    {
        var model = NnOptions.Model("A shipped model, e.g. cnn-he.");
        var file = NnOptions.ModelFile();
        var onnx = NnOptions.Onnx();
        var mode = Mode();
        var json = CommonOptions.Json();
        var command = new Command("plan", "Compile a model for encrypted inference and print the plan: depth, parameters, keys, sizes; or what must change first.") { model, file, onnx, mode, json };
        command.SetAction(parse =>
        {
            Sequential network = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file), parse.GetValue(onnx));
            IReadOnlyList<string> changes = InferencePlanner.RequiredChanges(network);
            if (changes.Count > 0)
            {
                foreach (string change in changes)
                {
                    context.Out.WriteLine(change);
                }

                throw new CliUsageException($"model '{network.Name}' needs {changes.Count} change(s) before it can run under CKKS (listed above), the first: {changes[0]}");
            }

            InferencePlan plan = InferencePlanner.Plan(network, ParseMode(parse.GetValue(mode)));
            JsonObject document = Describe(plan);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, document);
            }
            else
            {
                WriteText(context.Out, plan);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateKeys(CliContext context)
    {
        var model = NnOptions.Model("A shipped model, e.g. cnn-he.");
        var file = NnOptions.ModelFile();
        var mode = Mode();
        var output = new Option<string>("--out") { Description = "Directory for the keys (secret.key stays with the client; eval.keys goes to the server).", Required = true, HelpName = "DIR" };
        var command = new Command("keys", "Client: make a secret key and the public evaluation keys for a model's plan.") { model, file, mode, output };
        command.SetAction(parse =>
        {
            Sequential network = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file));
            InferencePlan plan = InferencePlanner.Plan(network, ParseMode(parse.GetValue(mode)));
            string directory = parse.GetValue(output)!;
            long bytes = HeKeyDirectory.Write(directory, plan);
            context.Out.WriteLine($"keys for '{plan.ModelName}' ({plan.Mode.ToString().ToLowerInvariant()}, N = {plan.Parameters.N}) in {directory}: " +
                $"{HeKeyDirectory.SecretKeyFile} (keep it), {HeKeyDirectory.EvaluationKeysFile} ({bytes:N0} bytes, for the server)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateEncrypt(CliContext context)
    {
        var keys = KeysOption();
        var images = new Option<string?>("--images") { Description = "An IDX file of 28×28 unsigned-byte images (MNIST format, .gz allowed).", HelpName = "FILE" };
        var test = new Option<int>("--test-images") { Description = "Instead of --images: the first N MNIST test images.", HelpName = "N" };
        var output = new Option<string>("--out") { Description = "The encrypted images (for the server).", Required = true, HelpName = "FILE" };
        var command = new Command("encrypt", "Client: encrypt images with the secret key (seeded, half-size ciphertexts).") { keys, images, test, output };
        command.SetAction(parse =>
        {
            HeInferenceClient client = HeKeyDirectory.OpenClient(parse.GetValue(keys)!);
            Tensor pixels = LoadImages(parse.GetValue(images), parse.GetValue(test));
            if (pixels.Shape[0] > client.Profile.MaxBatchSize)
            {
                throw new CliUsageException($"{pixels.Shape[0]} images; one pass of '{client.Profile.ModelName}' takes at most {client.Profile.MaxBatchSize}.");
            }

            EncryptedValues values = client.Encrypt(pixels);
            string path = parse.GetValue(output)!;
            using (Stream s = File.Create(path))
            {
                values.WriteTo(s);
            }

            context.Out.WriteLine($"{values.ImageCount} images encrypted for '{values.ModelName}' into {path} ({new FileInfo(path).Length:N0} bytes)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateInfer(CliContext context)
    {
        var model = NnOptions.Model("The shipped model the keys were made for.");
        var file = NnOptions.ModelFile();
        var mode = Mode();
        var evalKeys = new Option<string>("--eval-keys") { Description = "The client's public evaluation keys (eval.keys).", Required = true, HelpName = "FILE" };
        var input = new Option<string>("--in") { Description = "Encrypted images from 'veil he encrypt'.", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out") { Description = "Encrypted logits (for the client).", Required = true, HelpName = "FILE" };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all processors).", HelpName = "N" };
        var repeat = new Option<int>("--repeat") { Description = "Run the pass N times and report the median time (for benchmarks).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var command = new Command("infer", "Server: compute encrypted logits from encrypted images, with public keys only.") { model, file, mode, evalKeys, input, output, threads, repeat };
        command.SetAction(parse =>
        {
            Sequential network = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file));
            InferencePlan plan = InferencePlanner.Plan(network, ParseMode(parse.GetValue(mode)));
            EvaluationKeys keys = ReadFile(parse.GetValue(evalKeys)!, (s, p) => EvaluationKeys.ReadFrom(s, plan.Parameters, p));
            EncryptedValues inputs = ReadFile(parse.GetValue(input)!, (s, p) => EncryptedValues.ReadFrom(s, plan.Parameters, p));
            var server = new HeInferenceServer(plan, keys, NnOptions.AtLeast(parse.GetValue(threads), 0, "--threads"));
            EncryptedValues outputs = null!;
            var times = new List<double>();
            for (int r = NnOptions.AtLeast(parse.GetValue(repeat), 1, "--repeat"); r > 0; r--)
            {
                var watch = Stopwatch.StartNew();
                outputs = server.Infer(inputs);
                times.Add(watch.Elapsed.TotalSeconds);
            }

            double seconds = times.Order().ElementAt(times.Count / 2);
            string path = parse.GetValue(output)!;
            using (Stream s = File.Create(path))
            {
                outputs.WriteTo(s);
            }

            context.Out.WriteLine($"{outputs.ImageCount} images through '{plan.ModelName}' on ciphertexts in {seconds:F3} s{(times.Count > 1 ? $" (median of {times.Count}; first {times[0]:F3} s)" : string.Empty)}; encrypted logits in {path} ({new FileInfo(path).Length:N0} bytes)");
            context.Error.WriteLine("stages (s): " + string.Join(", ", server.LastStageSeconds.Select(t => t.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDecrypt(CliContext context)
    {
        var keys = KeysOption();
        var input = new Option<string>("--in") { Description = "Encrypted logits from 'veil he infer'.", Required = true, HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command("decrypt", "Client: decrypt logits and print the predictions.") { keys, input, json };
        command.SetAction(parse =>
        {
            HeInferenceClient client = HeKeyDirectory.OpenClient(parse.GetValue(keys)!);
            EncryptedValues values = ReadFile(parse.GetValue(input)!, (s, p) => EncryptedValues.ReadFrom(s, client.Parameters, p));
            Tensor logits = client.DecryptNew(values);
            int[] predictions = new int[values.ImageCount];
            Tensor.ArgMaxRows(logits, predictions);
            if (parse.GetValue(json))
            {
                int classes = client.Profile.OutputCount;
                var rows = new JsonArray();
                for (int i = 0; i < predictions.Length; i++)
                {
                    rows.Add(new JsonArray([.. logits.Span.Slice(i * classes, classes).ToArray().Select(v => (JsonNode?)JsonValue.Create(v))]));
                }

                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["model"] = values.ModelName,
                    ["images"] = values.ImageCount,
                    ["predictions"] = new JsonArray([.. predictions.Select(p => (JsonNode?)JsonValue.Create(p))]),
                    ["logits"] = rows,
                });
            }
            else
            {
                context.Out.WriteLine(string.Join(' ', predictions));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> KeysOption() =>
        new("--keys") { Description = "The key directory written by 'veil he keys'.", Required = true, HelpName = "DIR" };

    private static Tensor LoadImages(string? path, int test)
    {
        if ((path is null) == (test <= 0))
        {
            throw new CliUsageException("give exactly one of --images FILE or --test-images N.");
        }

        if (path is null)
        {
            MnistDataset data = MnistDataset.LoadEmbedded(MnistSplit.Test);
            return MnistPreprocessing.ImagesNew(data, 0, Math.Min(test, data.Count));
        }

        IdxFile.Contents contents = IdxFile.Read(path, 3);
        if (contents.Dimensions[1] != 28 || contents.Dimensions[2] != 28)
        {
            throw new VeilFormatException($"{path}: images are {contents.Dimensions[1]}×{contents.Dimensions[2]}, not 28×28.");
        }

        var images = new Tensor(MnistPreprocessing.ImageShape.Prepend(contents.Dimensions[0]));
        MnistPreprocessing.Scale(contents.Data, images.Span);
        return images;
    }

    /// <summary>Reads a Veil object from <paramref name="path"/>; a missing file is a usage error (plus <paramref name="hint"/>).</summary>
    public static T ReadFile<T>(string path, Func<Stream, string, T> read, string hint = "")
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"{path}: no such file.{hint}");
        }

        using Stream stream = File.OpenRead(path);
        return read(stream, path);
    }

    private static JsonObject Describe(InferencePlan plan)
    {
        Parameters p = plan.Parameters;
        int batch = plan.MaxBatchSize;
        return new JsonObject
        {
            ["model"] = plan.ModelName,
            ["mode"] = plan.Mode.ToString().ToLowerInvariant(),
            ["depth"] = plan.Depth,
            ["stages"] = new JsonArray([.. plan.Circuit.Stages.Select(s => (JsonNode?)JsonValue.Create((s.UsesLevel ? "[1 level] " : "[no level] ") + s.Describe()))]),
            ["latency_steps"] = new JsonArray([.. plan.LatencySteps.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["n"] = p.N,
            ["log_q"] = new JsonArray([.. p.Q.Select(q => (JsonNode?)JsonValue.Create(64 - System.Numerics.BitOperations.LeadingZeroCount(q)))]),
            ["log_p"] = new JsonArray([.. p.P.Select(q => (JsonNode?)JsonValue.Create(64 - System.Numerics.BitOperations.LeadingZeroCount(q)))]),
            ["log_scale"] = p.LogDefaultScale,
            ["log_qp"] = Math.Round(p.LogQP, 1),
            ["log_qp_max_128_bit"] = SecurityStandard.MaxLogQP(p.LogN),
            ["rotation_steps"] = new JsonArray([.. plan.RotationSteps.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["images_per_pass"] = batch,
            ["input_ciphertexts"] = plan.InputCiphertexts,
            ["output_ciphertexts"] = plan.OutputCiphertexts,
            ["input_ciphertext_bytes"] = plan.InputCiphertextBytes,
            ["output_ciphertext_bytes"] = plan.OutputCiphertextBytes,
            ["upload_bytes_per_image_full_pass"] = plan.InputCiphertexts * plan.InputCiphertextBytes / (double)batch,
            ["download_bytes_per_image_full_pass"] = plan.OutputCiphertexts * plan.OutputCiphertextBytes / (double)batch,
            ["eval_keys_bytes"] = plan.EvaluationKeyBytes,
            ["peak_memory_bytes"] = plan.PeakMemoryBytes,
        };
    }

    private static void WriteText(TextWriter output, InferencePlan plan)
    {
        Parameters p = plan.Parameters;
        output.WriteLine($"model {plan.ModelName}, {plan.Mode.ToString().ToLowerInvariant()} packing, multiplicative depth {plan.Depth}");
        foreach (CircuitStage stage in plan.Circuit.Stages)
        {
            output.WriteLine($"  {(stage.UsesLevel ? "[1 level] " : "[no level]")} {stage.Describe()}");
        }

        if (plan.LatencySteps.Count > 0)
        {
            output.WriteLine($"latency steps ({plan.DiagonalCount} diagonals):");
            foreach (string step in plan.LatencySteps)
            {
                output.WriteLine($"  {step}");
            }
        }

        output.WriteLine($"parameters: {p} (log Q·P {p.LogQP:F0} ≤ {SecurityStandard.MaxLogQP(p.LogN)}: 128-bit secure)");
        output.WriteLine($"rotations: {(plan.RotationSteps.Count == 0 ? "none" : string.Join(", ", plan.RotationSteps))}; evaluation keys ≈ {plan.EvaluationKeyBytes / 1048576.0:F1} MiB");
        output.WriteLine($"per pass: {plan.MaxBatchSize} images; upload {plan.InputCiphertexts} × {plan.InputCiphertextBytes / 1024.0:F1} KiB, " +
            $"download {plan.OutputCiphertexts} × {plan.OutputCiphertextBytes / 1024.0:F1} KiB; peak memory ≈ {plan.PeakMemoryBytes / 1073741824.0:F2} GiB");
    }
}
