using System.CommandLine;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.Accounting;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Commands.Privacy;

/// <summary>The options <c>veil train</c> takes for private training (DP-SGD), and the recipe it then defaults to.</summary>
internal sealed class PrivateTrainOptions
{
    private readonly Option<double?> _epsilon = new("--dp-epsilon")
    {
        Description = "Train with differential privacy (DP-SGD) and spend at most this epsilon (by --dp-accountant).",
        HelpName = "E",
    };

    private readonly Option<double?> _delta = new("--dp-delta")
    {
        Description = "The delta of the guarantee, below 1 / (training images) (default 1e-5).",
        HelpName = "D",
    };

    private readonly Option<string?> _accountant = new("--dp-accountant")
    {
        Description = "rdp (default) or prv: the accountant that picks the noise for --dp-epsilon and certifies the epsilon recorded; prv is tighter, so the same epsilon costs less noise.",
        HelpName = "NAME",
    };

    private readonly Option<double?> _clip = new("--clip")
    {
        Description = "DP-SGD clipping norm C of each example's gradient (default: the DP recipe's).",
        HelpName = "C",
    };

    private readonly Option<string?> _clipping = new("--dp-clipping")
    {
        Description = "flat (the whole gradient to norm C, default) or per-layer (each layer to C / sqrt(layers)).",
        HelpName = "MODE",
    };

    private readonly Option<double?> _average = new("--dp-average")
    {
        Description = "Release an exponential moving average of the weights with this decay, in [0, 1) (post-processing, free; default: the DP recipe's).",
        HelpName = "DECAY",
    };

    private readonly Option<int[]> _freeze = new("--dp-freeze")
    {
        Description = "Layers kept at their initial weights, by index in the model from 0 (e.g. 7: lenet's FC 800->500); no noise is spent on them.",
        HelpName = "LAYER",
        AllowMultipleArgumentsPerToken = true,
    };

    public PrivateTrainOptions()
    {
        Nn.NnOptions.OneOf(_clipping, ["flat", "per-layer"], "clipping");
        Nn.NnOptions.OneOf(_accountant, PrivacyAccountants.Names, "accountant");
    }

    /// <summary>The DP recipe's defaults for what is not given on the command line: SGD with momentum on large Poisson
    /// batches (see docs/privacy.md for the tuning behind it).</summary>
    public static TrainingOptions Recipe(ZooEntry entry) => entry.Training with
    {
        Optimizer = OptimizerKind.Sgd,
        Momentum = 0.9,
        BatchSize = 1024,
        Epochs = 60,
        LearningRate = 1,
        LearningRateDecay = 1,
        WeightDecay = 0,
        MaxShift = 0,
    };

    /// <summary>The default clipping norm.</summary>
    public const double DefaultClip = 0.1;

    /// <summary>The default weight-average decay.</summary>
    public const double DefaultAverage = 0.99;

    /// <summary>Adds the options to <c>veil train</c>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_epsilon);
        command.Options.Add(_delta);
        command.Options.Add(_accountant);
        command.Options.Add(_clip);
        command.Options.Add(_clipping);
        command.Options.Add(_average);
        command.Options.Add(_freeze);
    }

    /// <summary>True when <c>--dp-epsilon</c> asks for private training.</summary>
    /// <exception cref="CliUsageException">A DP option is given without <c>--dp-epsilon</c>.</exception>
    public bool Requested(ParseResult parse)
    {
        if (parse.GetValue(_epsilon) is not null)
        {
            return true;
        }

        foreach (Option option in new Option[] { _delta, _accountant, _clip, _clipping, _average, _freeze })
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new CliUsageException($"{option.Name} applies to private training only; add --dp-epsilon E.");
            }
        }

        return false;
    }

    /// <summary>The privacy settings given (validated when the run is planned).</summary>
    public DpSgdOptions Parse(ParseResult parse) => new()
    {
        TargetEpsilon = parse.GetValue(_epsilon),
        Delta = parse.GetValue(_delta) ?? 1e-5,
        Accountant = PrivacyOptions.Kind(parse.GetValue(_accountant) ?? "rdp"),
        ClippingNorm = parse.GetValue(_clip) ?? DefaultClip,
        Clipping = parse.GetValue(_clipping) == "per-layer" ? ClippingMode.PerLayer : ClippingMode.Flat,
        AverageDecay = parse.GetValue(_average) ?? DefaultAverage,
        FrozenLayers = parse.GetValue(_freeze) is { Length: > 0 } frozen ? frozen : null,
    };
}
