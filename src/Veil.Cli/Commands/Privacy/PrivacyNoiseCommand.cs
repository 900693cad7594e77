using System.CommandLine;
using System.Text.Json.Nodes;
using Veil.Privacy.Accounting;

namespace Veil.Cli.Commands.Privacy;

/// <summary><c>veil privacy noise</c>: the noise multiplier DP-SGD needs to meet a target epsilon.</summary>
internal static class PrivacyNoiseCommand
{
    public static Command Create(CliContext context)
    {
        Option<double> epsilon = PrivacyOptions.Epsilon();
        Option<double> delta = PrivacyOptions.Delta();
        Option<double> q = PrivacyOptions.SampleRate();
        Option<long> steps = PrivacyOptions.Steps();
        Option<string> accountant = PrivacyOptions.Accountant();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("noise", "Find the smallest noise multiplier that keeps DP-SGD within a target epsilon.")
        {
            epsilon, delta, q, steps, accountant, json,
        };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(accountant)!;
            double target = parse.GetValue(epsilon), d = parse.GetValue(delta), rate = parse.GetValue(q);
            long count = parse.GetValue(steps);
            NoiseSearchResult result = NoiseMultiplierSearch.Find(target, d, rate, count, PrivacyOptions.Kind(name));
            var document = new JsonObject
            {
                ["accountant"] = name,
                ["target_epsilon"] = target,
                ["delta"] = d,
                ["sample_rate"] = rate,
                ["steps"] = count,
                ["noise_multiplier"] = result.NoiseMultiplier,
                ["epsilon"] = result.Epsilon,
            };
            PrivacyReport.Write(context, document, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
