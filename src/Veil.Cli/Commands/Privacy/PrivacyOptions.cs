using System.CommandLine;
using Veil.Privacy.Accounting;

namespace Veil.Cli.Commands.Privacy;

/// <summary>The options of <c>veil privacy</c>, defined once so both subcommands name and describe them alike.</summary>
internal static class PrivacyOptions
{
    public static Option<double> NoiseMultiplier() => new("--noise-multiplier", "-s")
    {
        Description = "Noise standard deviation divided by the clipping norm (sigma > 0).",
        Required = true,
    };

    public static Option<double> SampleRate() => new("--sample-rate", "-q")
    {
        Description = "Poisson sampling probability of each example per step, in (0, 1] (batch size / dataset size).",
        Required = true,
    };

    public static Option<long> Steps() => new("--steps", "-t")
    {
        Description = "Number of training steps (>= 1).",
        Required = true,
    };

    public static Option<double> Delta() => new("--delta", "-d")
    {
        Description = "Target delta, in (0, 1); usually below 1 / dataset size.",
        Required = true,
    };

    public static Option<double> Epsilon() => new("--epsilon", "-e")
    {
        Description = "Target epsilon (> 0).",
        Required = true,
    };

    public static Option<string> Accountant()
    {
        var option = new Option<string>("--accountant", "-a")
        {
            Description = "rdp: Renyi DP with the improved conversion (fast). prv: numerical composition of the privacy " +
                "loss (tighter, reports a proven interval).",
            DefaultValueFactory = _ => "rdp",
        };
        // A validator of our own rather than AcceptOnlyFromAmong, whose message spans several lines.
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not ("rdp" or "prv"))
            {
                result.AddError($"--accountant must be rdp or prv; got '{value}'.");
            }
        });
        return option;
    }

    public static AccountantKind Kind(string name) => PrivacyAccountants.Parse(name);
}
