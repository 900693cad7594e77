using System.CommandLine;
using Veil.Audit.Attacks;
using Veil.Cli.Commands.Nn;

namespace Veil.Cli.Commands.Audit;

/// <summary><c>veil audit</c>: membership-inference attacks on a trained model (LOSS, LiRA, RMIA) with shadow models,
/// and (<c>veil audit dp</c>) an empirical epsilon for DP-SGD.</summary>
internal static class AuditCommand
{
    private static readonly string[] AttackNames = ["loss", "lira", "rmia"];

    public static Command Create(CliContext context)
    {
        var model = NnOptions.Model("A shipped model to audit (e.g. lenet, lenet-dp3).");
        var file = NnOptions.ModelFile();
        var attacks = new Option<string>("--attack", "-a")
        {
            Description = "Comma-separated attacks: loss, lira (online and offline), rmia (online and offline).",
            DefaultValueFactory = _ => "loss,lira,rmia",
            HelpName = "LIST",
        };
        var shadows = new Option<int>("--shadows", "-k") { Description = "Shadow (reference) models to train.", DefaultValueFactory = _ => 8, HelpName = "K" };
        var targets = new Option<int>("--targets", "-n")
        {
            Description = "Target points (half members, half not) when the model was trained on all 60,000 images; " +
                "a model trained with --limit L is audited on the first 2L training images instead. 2,000 gives 1,000 non-members, " +
                "the fewest that resolve 0.1% FPR.",
            DefaultValueFactory = _ => 2000,
            HelpName = "N",
        };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per shadow model (default: the model's own training).", HelpName = "N" };
        var population = new Option<int>("--population") { Description = "Population points z for RMIA (test images no model trained on).", DefaultValueFactory = _ => 1000, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds the pool, the halves and the shadow models.", DefaultValueFactory = _ => 1, HelpName = "S" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the 95% intervals.", DefaultValueFactory = _ => 200, HelpName = "B" };
        var perPoint = new Option<bool>("--per-point-variance") { Description = "LiRA: fit each point's own variance (default below 64 shadows: one global variance)." };
        var json = CommonOptions.Json();
        var output = new Option<string?>("--out", "-o") { Description = "Write audit.json and one ROC CSV per attack to this directory.", HelpName = "DIR" };
        var command = new Command("audit", "Measure how much a model leaks about its training data with membership-inference attacks.")
        {
            model, file, attacks, shadows, targets, epochs, population, seed, bootstrap, perPoint, json, output,
            AuditDpCommand.Create(context),
        };
        command.SetAction(parse =>
        {
            var request = new AuditRequest
            {
                Target = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file)),
                Attacks = ParseAttacks(parse.GetValue(attacks)!),
                Shadows = NnOptions.AtLeast(parse.GetValue(shadows), 2, "--shadows"),
                Targets = NnOptions.AtLeast(parse.GetValue(targets), 4, "--targets"),
                Epochs = parse.GetValue(epochs) is int e ? NnOptions.AtLeast(e, 1, "--epochs") : null,
                Population = NnOptions.AtLeast(parse.GetValue(population), 1, "--population"),
                Seed = parse.GetValue(seed),
                Bootstrap = NnOptions.AtLeast(parse.GetValue(bootstrap), 1, "--bootstrap"),
                PerPointVariance = parse.GetValue(perPoint),
            };
            return AuditRun.Run(context, request, parse.GetValue(json), parse.GetValue(output));
        });
        return command;
    }

    private static List<AttackKind> ParseAttacks(string text)
    {
        var kinds = new List<AttackKind>();
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (name)
            {
                case "loss":
                    kinds.Add(AttackKind.Loss);
                    break;
                case "lira":
                    kinds.AddRange([AttackKind.LiraOnline, AttackKind.LiraOffline]);
                    break;
                case "rmia":
                    kinds.AddRange([AttackKind.Rmia, AttackKind.RmiaOffline]);
                    break;
                default:
                    throw new CliUsageException($"unknown attack '{name}' in --attack; choose from {string.Join(", ", AttackNames)}.");
            }
        }

        return kinds.Count > 0 ? kinds : throw new CliUsageException($"--attack names no attack; choose from {string.Join(", ", AttackNames)}.");
    }
}
