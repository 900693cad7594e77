using System.CommandLine;
using Veil.Federated.Privacy;
using Veil.Privacy.Accounting;

namespace Veil.Cli.Commands.Federated;

/// <summary>The client-level DP options of <c>veil fl simulate</c> and <c>veil fl server</c>: the target ε (the noise
/// multiplier is found for it after all rounds at q = m/N), δ, the clip norm, adaptive clipping and noise placement.</summary>
internal sealed class FlDpOptions
{
    private readonly Option<double?> _epsilon = new("--dp-epsilon") { Description = "Client-level DP: the ε to reach after all rounds; the noise is chosen to match.", HelpName = "E" };
    private readonly Option<double> _delta = new("--delta") { Description = "Client-level DP: the δ of the guarantee.", DefaultValueFactory = _ => 1e-5, HelpName = "D" };
    private readonly Option<double> _clip = new("--clip") { Description = "Client-level DP: the initial clipping norm of an update.", DefaultValueFactory = _ => 0.5, HelpName = "C" };
    private readonly Option<bool> _adaptive = new("--adaptive-clip") { Description = "Client-level DP: adapt the clipping norm to the median update norm (Andrew et al. 2021)." };
    private readonly Option<bool> _distributed = new("--distributed-noise") { Description = "Client-level DP: each client adds its share of the noise before secure aggregation (needs --secagg)." };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [_epsilon, _delta, _clip, _adaptive, _distributed];

    /// <summary>The DP settings asked for, or null without --dp-epsilon.</summary>
    /// <exception cref="CliUsageException">A value is out of range.</exception>
    public ClientDpOptions? Read(ParseResult parse, int clients, int clientsPerRound, int rounds)
    {
        if (parse.GetValue(_epsilon) is not double target)
        {
            return null;
        }

        if (target <= 0 || !double.IsFinite(target))
        {
            throw new CliUsageException($"--dp-epsilon must be positive, not {target}.");
        }

        double delta = parse.GetValue(_delta);
        if (delta is <= 0 or >= 1)
        {
            throw new CliUsageException($"--delta must be in (0, 1), not {delta}.");
        }

        double clip = parse.GetValue(_clip);
        if (clip <= 0 || !double.IsFinite(clip))
        {
            throw new CliUsageException("--clip must be positive.");
        }

        return new ClientDpOptions
        {
            NoiseMultiplier = NoiseMultiplierSearch.Find(target, delta, (double)clientsPerRound / clients, rounds).NoiseMultiplier,
            ClipNorm = clip,
            Delta = delta,
            AdaptiveClipping = parse.GetValue(_adaptive),
            Placement = parse.GetValue(_distributed) ? NoisePlacement.Distributed : NoisePlacement.Server,
        };
    }
}
