using Veil.Federated.Simulation;
using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Privacy.DpSgd;

namespace Veil.Compare.Comparison;

/// <summary>
/// Which rows a comparison measures, in table order. For each model: its run in the clear first (a <c>plain</c> row,
/// or for a DP-trained model a <c>dp</c> row and for a federated-trained model an <c>fl</c> row, whose baseline is its
/// centrally trained twin, preceded by the twin's plain row when the twin was not requested), then one row per backend
/// that supports it. Pairs a backend cannot run make no
/// row and are listed in <see cref="Skipped"/>.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed class ComparisonPlan
{
    /// <summary>The backend name of a DP-trained model's rows.</summary>
    public const string DpBackend = "dp";

    /// <summary>The backend name of a federated-trained model's rows.</summary>
    public const string FlBackend = "fl";

    /// <summary>The name of the backend in the clear.</summary>
    public const string PlainBackendName = "plain";

    private ComparisonPlan(IReadOnlyList<PlannedRow> rows, IReadOnlyList<SkippedPair> skipped)
    {
        Rows = rows;
        Skipped = skipped;
    }

    /// <summary>The rows, in table order.</summary>
    public IReadOnlyList<PlannedRow> Rows { get; }

    /// <summary>The pairs that make no row, with the reason.</summary>
    public IReadOnlyList<SkippedPair> Skipped { get; }

    /// <summary>Plans the rows for <paramref name="models"/> under <paramref name="backends"/>.</summary>
    /// <param name="models">The models, in table order.</param>
    /// <param name="backends">The backends. A backend named <c>plain</c> is the baseline (a <see cref="PlainBackend"/>
    /// when none is given); plain rows are always measured, since every other row is compared with them.</param>
    /// <param name="includeDp">Whether DP-trained models get their <c>dp</c> row.</param>
    /// <param name="includeFl">Whether federated-trained models get their <c>fl</c> row.</param>
    /// <param name="loadTwin">Loads a DP model's twin by name when it is not among <paramref name="models"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two models or two backends share a name.</exception>
    /// <exception cref="VeilException"><paramref name="loadTwin"/> cannot load a twin.</exception>
    public static ComparisonPlan Create(
        IReadOnlyList<Sequential> models, IReadOnlyList<IInferenceBackend> backends, bool includeDp, Func<string, Sequential> loadTwin, bool includeFl = false)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(loadTwin);
        Unique(models.Select(m => m.Name), "model");
        Unique(backends.Select(b => b.Name), "backend");
        IInferenceBackend plain = backends.FirstOrDefault(b => b.Name == PlainBackendName) ?? new PlainBackend();
        List<IInferenceBackend> secure = [.. backends.Where(b => b.Name != PlainBackendName)];
        var names = models.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var planned = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<PlannedRow>();
        var skipped = new List<SkippedPair>();
        bool anyDp = false, anyFl = false;
        foreach (Sequential model in models)
        {
            string? flTwin = FlModelProperties.TwinOf(model);
            string? twin = flTwin ?? DpModelProperties.TwinOf(model);
            string label = flTwin is null ? DpBackend : FlBackend;
            bool include = flTwin is null ? includeDp : includeFl;
            var supported = new List<IInferenceBackend>();
            foreach (IInferenceBackend backend in secure)
            {
                if (flTwin is not null)
                {
                    // The same architecture as its twin: secure inference of it measures nothing new.
                    skipped.Add(new SkippedPair(model.Name, backend.Name, $"federated-trained twin of {flTwin}; inference under {backend.Name} is measured on {flTwin}"));
                }
                else if (backend.Supports(model, out string reason))
                {
                    supported.Add(backend);
                }
                else
                {
                    skipped.Add(new SkippedPair(model.Name, backend.Name, reason));
                }
            }

            if (twin is null)
            {
                rows.Add(new PlannedRow(model, plain, PlainBackendName, model.Name, Clear: true));
            }
            else
            {
                anyDp |= flTwin is null;
                anyFl |= flTwin is not null;
                if (!include && supported.Count == 0)
                {
                    continue;
                }

                if (!names.Contains(twin) && planned.Add(twin))
                {
                    Sequential twinModel = loadTwin(twin);
                    rows.Add(new PlannedRow(twinModel, plain, PlainBackendName, twin, Clear: true));
                }

                rows.Add(new PlannedRow(model, plain, label, twin, Clear: true));
            }

            rows.AddRange(supported.Select(backend => new PlannedRow(model, backend, backend.Name, model.Name, Clear: false)));
        }

        if (includeDp && !anyDp)
        {
            skipped.Add(new SkippedPair("(all)", DpBackend, "no DP-trained model among the models compared"));
        }

        if (includeFl && !anyFl)
        {
            skipped.Add(new SkippedPair("(all)", FlBackend, "no federated-trained model among the models compared"));
        }

        return new ComparisonPlan(rows, skipped);
    }

    private static void Unique(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{what} '{name}' is given twice");
            }
        }
    }
}
