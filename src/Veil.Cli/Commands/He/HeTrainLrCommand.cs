using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;
using Veil.He.Nn.Regression;
using Veil.Nn.Data;

namespace Veil.Cli.Commands.He;

/// <summary><c>veil he train-lr</c>: logistic regression trained on encrypted data (client and server in one process,
/// timed apart), beside its plaintext twin.</summary>
internal static class HeTrainLrCommand
{
    public static Command Create(CliContext context)
    {
        var rows = new Option<int>("--rows") { Description = "Training examples (TenSEAL's tutorial uses 780).", DefaultValueFactory = _ => 780 };
        var epochs = new Option<int>("--epochs") { Description = "Full-batch gradient steps.", DefaultValueFactory = _ => 5 };
        var rate = new Option<double>("--learning-rate") { Description = "Step size.", DefaultValueFactory = _ => 1.0 };
        var digits = new Option<string>("--digits") { Description = "The positive and negative digit, e.g. 1,0.", DefaultValueFactory = _ => "1,0" };
        var threads = new Option<int>("--threads") { Description = "Server threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var command = new Command("train-lr", "Train a logistic regression on encrypted MNIST features (CKKS), timing each epoch.") { rows, epochs, rate, digits, threads, json };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(rows), epochCount = parse.GetValue(epochs), threadCount = parse.GetValue(threads);
            double learningRate = parse.GetValue(rate);
            if (count is < 2 or > 4096)
            {
                throw new CliUsageException($"--rows must be between 2 and 4096 (one slot each at N = 8192), not {count}.");
            }

            if (epochCount is < 1 or > 100 || !(learningRate > 0) || threadCount < 0)
            {
                throw new CliUsageException("--epochs must be 1 to 100, --learning-rate positive and --threads not negative.");
            }

            (int positive, int negative) = ParseDigits(parse.GetValue(digits)!);
            var recipe = new LogisticRegressionRecipe { Epochs = epochCount, LearningRate = learningRate };
            BinaryDigits train = BinaryDigits.From(MnistDataset.LoadEmbedded(MnistSplit.Train), positive, negative, limit: count);
            BinaryDigits test = BinaryDigits.From(MnistDataset.LoadEmbedded(MnistSplit.Test), positive, negative);
            IReadOnlyList<LogisticModel> twin = PlainLogisticRegression.Train(train, recipe);

            var clock = Stopwatch.StartNew();
            var client = new EncryptedRegressionClient();
            var server = new EncryptedRegressionServer(client.Parameters, client.GenerateEvaluationKeys(train.Count));
            EncryptedDataset data = client.Encrypt(train);
            double setupSeconds = clock.Elapsed.TotalSeconds;

            var perEpoch = new JsonArray();
            var model = new LogisticModel(new double[train.Features], 0);
            double serverTotal = 0, clientTotal = 0;
            long down = 0, up = 0;
            for (int epoch = 0; epoch < epochCount; epoch++)
            {
                clock.Restart();
                EncryptedLogisticModel fresh = client.Encrypt(model);
                double encrypt = clock.Elapsed.TotalSeconds;
                clock.Restart();
                EncryptedLogisticModel updated = server.Epoch(data, fresh, recipe, threadCount);
                double serverSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                model = client.Decrypt(updated);
                double clientSeconds = encrypt + clock.Elapsed.TotalSeconds;
                serverTotal += serverSeconds;
                clientTotal += clientSeconds;
                up += fresh.UploadBytes;
                down += updated.UploadBytes;
                perEpoch.Add(new JsonObject
                {
                    ["epoch"] = epoch + 1,
                    ["server_seconds"] = Math.Round(serverSeconds, 4),
                    ["client_refresh_seconds"] = Math.Round(clientSeconds, 4),
                    ["train_accuracy"] = model.Accuracy(train),
                    ["test_accuracy"] = model.Accuracy(test),
                    ["max_difference_from_plaintext"] = model.MaxDifference(twin[epoch]),
                });
            }

            var document = new JsonObject
            {
                ["task"] = $"MNIST {positive} vs {negative}, {train.Features} features (7x7 cell means) + bias",
                ["rows"] = train.Count,
                ["test_rows"] = test.Count,
                ["parameters"] = client.Parameters.ToString(),
                ["setup_seconds"] = Math.Round(setupSeconds, 3),
                ["data_upload_bytes"] = data.UploadBytes,
                ["model_bytes_per_epoch_down"] = down / epochCount,
                ["model_bytes_per_epoch_up"] = up / epochCount,
                ["seconds_per_epoch"] = Math.Round((serverTotal + clientTotal) / epochCount, 4),
                ["server_seconds_per_epoch"] = Math.Round(serverTotal / epochCount, 4),
                ["plaintext_test_accuracy"] = twin[^1].Accuracy(test),
                ["test_accuracy"] = model.Accuracy(test),
                ["epochs"] = perEpoch,
            };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, document);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("epoch").AddColumn(new TableColumn("server s").RightAligned()).AddColumn(new TableColumn("client s").RightAligned())
                .AddColumn(new TableColumn("test acc.").RightAligned()).AddColumn(new TableColumn("|Δ| vs plaintext").RightAligned());
            foreach (JsonNode? row in perEpoch)
            {
                table.AddRow(
                    row!["epoch"]!.ToString(), Format(row["server_seconds"]!.GetValue<double>(), "F3"), Format(row["client_refresh_seconds"]!.GetValue<double>(), "F3"),
                    Format(row["test_accuracy"]!.GetValue<double>() * 100, "F2") + " %", Format(row["max_difference_from_plaintext"]!.GetValue<double>(), "E1"));
            }

            context.Terminal.Write(new Text($"{document["task"]}: {train.Count} encrypted rows, {client.Parameters}; upload {data.UploadBytes / 1048576.0:F1} MiB\n"));
            context.Terminal.Write(table);
            context.Terminal.Write(new Text($"{(serverTotal + clientTotal) / epochCount:F3} s per epoch; test accuracy {model.Accuracy(test) * 100:F2} % (plaintext twin {twin[^1].Accuracy(test) * 100:F2} %)\n"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static (int Positive, int Negative) ParseDigits(string text)
    {
        string[] parts = text.Split(',');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int positive) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int negative)
            && positive is >= 0 and <= 9 && negative is >= 0 and <= 9 && positive != negative)
        {
            return (positive, negative);
        }

        throw new CliUsageException($"--digits must be two different digits such as 1,0, not '{text}'.");
    }
}
