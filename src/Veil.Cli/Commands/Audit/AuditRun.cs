using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Audit;
using Veil.Audit.Attacks;
using Veil.Audit.Metrics;
using Veil.Audit.Shadows;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Nn.Data;

namespace Veil.Cli.Commands.Audit;

/// <summary>Runs <c>veil audit</c>: builds the member/non-member pool, trains the shadows under a progress bar,
/// attacks the target, and prints or writes the metrics.</summary>
internal static class AuditRun
{
    private const int TestHalf = 5000;

    /// <summary>Trains the shadows under a progress bar and runs the attacks.</summary>
    public static AuditOutcome Measure(CliContext context, AuditRequest request)
    {
        TrainingRecipe recipe = TrainingRecipe.Of(request.Target)
            ?? throw new VeilException($"model '{request.Target.Name}' records no training command (train.command), so its training set and recipe are unknown.");
        var training = recipe.Training with { Epochs = request.Epochs ?? recipe.Training.Epochs };
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        (MnistDataset pool, bool[] members, string design) = Pool(recipe.Limit, request, train, test);
        int populationSize = Math.Min(request.Population, test.Count - TestHalf);
        MnistDataset population = test.Subset([.. Enumerable.Range(TestHalf, populationSize)]);
        context.Error.WriteLine(
            $"audit of {request.Target.Name}: {pool.Count:N0} targets ({members.Count(m => m):N0} members; {design}); " +
            $"{request.Shadows} shadow {recipe.Architecture.Name} models, {training.Epochs} epochs each on about {pool.Count / 2:N0} images.");

        var shadowTrainer = new ShadowTrainer(recipe.Architecture, training, request.Seed);
        var watch = Stopwatch.StartNew();
        ShadowSet shadows = ProgressDisplay.Run(context, $"shadow 1/{request.Shadows}", report =>
            shadowTrainer.Train(pool, population, request.Shadows, new Veil.Cli.Commands.Privacy.SynchronousProgress<ShadowProgress>(p =>
                report(p.Model - 1 + p.Fraction, p.Models, $"shadow {p.Model}/{p.Models}"))));
        double shadowSeconds = watch.Elapsed.TotalSeconds;
        if (!context.Interactive)
        {
            context.Error.WriteLine($"{request.Shadows} shadow models trained in {shadowSeconds:F1} s.");
        }

        var lira = new LiraOptions { GlobalVariance = !request.PerPointVariance && request.Shadows < 64 };
        IReadOnlyList<AttackMetrics> results = MembershipAudit.Run(
            ModelOutputs.Compute(request.Target, pool), ModelOutputs.Compute(request.Target, population), members, shadows,
            request.Attacks, lira, bootstrap: request.Bootstrap, seed: request.Seed);
        return new AuditOutcome(recipe, training, design, pool.Count, shadowSeconds, lira, results);
    }

    public static int Run(CliContext context, AuditRequest request, bool json, string? outputDirectory)
    {
        AuditOutcome outcome = Measure(context, request);
        IReadOnlyList<AttackMetrics> results = outcome.Results;
        JsonObject document = ToJson(request, outcome);
        if (outputDirectory is not null)
        {
            Write(outputDirectory, document, results);
        }

        if (json)
        {
            JsonOutput.Write(context.Out, document);
        }
        else
        {
            var table = new Table().AddColumns("Attack", "Targets", "AUC [[95% CI]]", "TPR @ 1% FPR [[95% CI]]", "TPR @ 0.1% FPR [[95% CI]]");
            foreach (AttackMetrics r in results)
            {
                table.AddRow(
                    Markup.Escape(r.Attack), $"{r.Targets:N0}", Markup.Escape($"{r.Auc:F3} [{r.AucInterval.Lower:F3}, {r.AucInterval.Upper:F3}]"),
                    Markup.Escape($"{r.TprAt1PercentFpr:P2} [{r.TprAt1PercentFprInterval.Lower:P1}, {r.TprAt1PercentFprInterval.Upper:P1}]"),
                    Markup.Escape($"{r.TprAtTenthPercentFpr:P2} [{r.TprAtTenthPercentFprInterval.Lower:P1}, {r.TprAtTenthPercentFprInterval.Upper:P1}]"));
            }

            context.Terminal.Write(table);
            context.Out.WriteLine($"{request.Target.Name}: {request.Shadows} shadow models in {outcome.ShadowSeconds:F1} s" +
                (outputDirectory is null ? "." : $"; written to {outputDirectory}"));
        }

        return ExitCodes.Success;
    }

    // A model trained on the first L images (L <= 30,000) is audited on the first 2L: the first L are members, the
    // next L are not, and shadows train on halves of the same size. Otherwise members are drawn from the training
    // images and non-members from the first half of the test images.
    private static (MnistDataset Pool, bool[] Members, string Design) Pool(int limit, AuditRequest request, MnistDataset train, MnistDataset test)
    {
        if (limit > 0 && 2 * limit <= train.Count)
        {
            bool[] isMember = [.. Enumerable.Range(0, 2 * limit).Select(i => i < limit)];
            return (train.Subset([.. Enumerable.Range(0, 2 * limit)]), isMember, $"training images 0-{(2 * limit) - 1}, the first {limit:N0} trained on");
        }

        int half = Math.Min(request.Targets / 2, TestHalf);
        int memberRange = limit > 0 ? Math.Min(limit, train.Count) : train.Count;
        var random = new System.Random(request.Seed);
        int[] memberIndices = Sample(random, memberRange, half);
        int[] nonMemberIndices = Sample(random, TestHalf, half);
        MnistDataset pool = train.Subset(memberIndices).Concat(test.Subset(nonMemberIndices));
        bool[] isIn = [.. Enumerable.Range(0, 2 * half).Select(i => i < half)];
        return (pool, isIn, $"{half:N0} random training images, {half:N0} random test images");
    }

    private static int[] Sample(System.Random random, int range, int count)
    {
        int[] all = [.. Enumerable.Range(0, range)];
        random.Shuffle(all);
        return all[..count];
    }

    private static JsonObject ToJson(AuditRequest request, AuditOutcome outcome)
    {
        var attacks = new JsonArray();
        foreach (AttackMetrics r in outcome.Results)
        {
            attacks.Add(AuditJson.Of(r));
        }

        return new JsonObject
        {
            ["model"] = request.Target.Name,
            ["architecture"] = outcome.Recipe.Architecture.Name,
            ["targets"] = outcome.Targets,
            ["pool"] = outcome.Design,
            ["shadows"] = request.Shadows,
            ["shadow_epochs"] = outcome.Training.Epochs,
            ["shadow_seconds"] = outcome.ShadowSeconds,
            ["lira_global_variance"] = outcome.Lira.GlobalVariance,
            ["seed"] = request.Seed,
            ["attacks"] = attacks,
        };
    }

    private static void Write(string directory, JsonObject document, IReadOnlyList<AttackMetrics> results)
    {
        Directory.CreateDirectory(directory);
        using (var writer = new StreamWriter(Path.Combine(directory, "audit.json"), append: false, new UTF8Encoding(false)))
        {
            JsonOutput.Write(writer, document);
        }

        foreach (AttackMetrics r in results)
        {
            var csv = new StringBuilder("fpr,tpr\n");
            foreach (RocPoint p in r.Roc)
            {
                csv.Append(p.Fpr.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(p.Tpr.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }

            File.WriteAllText(Path.Combine(directory, $"roc-{r.Attack}.csv"), csv.ToString());
        }
    }
}
