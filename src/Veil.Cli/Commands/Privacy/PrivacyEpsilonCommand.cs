using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Veil.Cli.Output;
using Veil.Privacy.Accounting;

namespace Veil.Cli.Commands.Privacy;

/// <summary><c>veil privacy epsilon</c>: the epsilon spent by DP-SGD with given noise, sampling and steps.</summary>
internal static class PrivacyEpsilonCommand
{
    public static Command Create(CliContext context)
    {
        Option<double> sigma = PrivacyOptions.NoiseMultiplier();
        Option<double> q = PrivacyOptions.SampleRate();
        Option<long> steps = PrivacyOptions.Steps();
        Option<double> delta = PrivacyOptions.Delta();
        Option<string> accountant = PrivacyOptions.Accountant();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("epsilon", "Compute the epsilon spent by Poisson-subsampled Gaussian steps (DP-SGD).")
        {
            sigma, q, steps, delta, accountant, json,
        };
        command.SetAction(parse =>
        {
            var run = new SampledGaussianSteps(parse.GetValue(sigma), parse.GetValue(q), parse.GetValue(steps));
            double d = parse.GetValue(delta);
            string name = parse.GetValue(accountant)!;
            var document = new JsonObject
            {
                ["accountant"] = name,
                ["noise_multiplier"] = run.NoiseMultiplier,
                ["sample_rate"] = run.SampleRate,
                ["steps"] = run.Steps,
                ["delta"] = d,
            };
            if (PrivacyOptions.Kind(name) == AccountantKind.Rdp)
            {
                var rdp = new RdpAccountant();
                rdp.Compose(run);
                RdpGuarantee guarantee = rdp.GetGuarantee(d);
                document["epsilon"] = guarantee.Epsilon;
                document["order"] = guarantee.Order;
            }
            else
            {
                var prv = new PrvAccountant();
                prv.Compose(run);
                PrvGuarantee guarantee = prv.GetGuarantee(d);
                document["epsilon"] = guarantee.Epsilon;
                document["epsilon_estimate"] = guarantee.Estimate;
                document["epsilon_lower"] = guarantee.Lower;
                document["epsilon_upper"] = guarantee.Upper;
            }

            PrivacyReport.Write(context, document, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
