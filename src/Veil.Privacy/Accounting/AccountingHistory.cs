namespace Veil.Privacy.Accounting;

/// <summary>The list of composed runs shared by the accountants: merges a run into the last one when the mechanism is
/// the same, so a training loop that composes one step at a time keeps a short history.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class AccountingHistory
{
    private readonly List<SampledGaussianSteps> _runs = [];

    /// <summary>The runs, in order.</summary>
    public IReadOnlyList<SampledGaussianSteps> Runs => _runs;

    /// <summary>Incremented on every change, so callers can cache results computed from the history.</summary>
    public int Version { get; private set; }

    /// <summary>Appends <paramref name="steps"/>, merging it into the last run when the mechanism is the same.</summary>
    public void Add(SampledGaussianSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Steps == 0)
        {
            return;
        }

        if (_runs.Count > 0 && _runs[^1].SameMechanism(steps))
        {
            _runs[^1] = _runs[^1].WithMoreSteps(steps.Steps);
        }
        else
        {
            _runs.Add(steps);
        }

        Version++;
    }

    /// <summary>Removes every run.</summary>
    public void Clear()
    {
        _runs.Clear();
        Version++;
    }
}
