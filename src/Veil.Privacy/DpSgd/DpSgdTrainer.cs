using System.Diagnostics;
using System.Runtime.InteropServices;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Privacy.Accounting;
using Veil.Privacy.Clipping;
using Veil.Privacy.Sampling;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// Trains a model on MNIST with DP-SGD (Abadi et al. 2016): every step draws a Poisson batch (each of the N examples
/// joins with probability q = B / N), clips each example's gradient (<see cref="PrivateGradient"/>), adds
/// N(0, sigma² C²) noise to the sum, divides by the expected batch size qN, and lets the optimizer step. The RDP
/// accountant composes one sampled-Gaussian step at a time; the plan's accountant (RDP, or PRV over the same history)
/// reports the epsilon spent after every epoch.
/// </summary>
/// <remarks>
/// Randomness: sampling coins and noise come from <see cref="DpSgdRandomness.CreateSecure"/> unless a source is given
/// (a seeded one makes a run replayable, for tests). The initial weights and the optimizer are not secret.
/// Thread-safety: not safe for concurrent use (drives one model).
/// </remarks>
public sealed class DpSgdTrainer : IDisposable
{
    private readonly Sequential _model;
    private readonly MnistDataset _data;
    private readonly DpSgdRandomness _randomness;
    private readonly bool _ownsRandomness;
    private readonly PoissonSampler _sampler;
    private readonly ParameterAverage? _average;
    private readonly List<int> _batch = [];
    private int _epochsDone;
    private (SampledGaussianSteps[] History, PrvGuarantee? Guarantee)? _prv;

    /// <summary>Plans the run (searching for the noise multiplier when a target epsilon is given).</summary>
    /// <param name="model">The model to train, initialised.</param>
    /// <param name="data">The training data; with <see cref="TrainingOptions.Limit"/>, its first Limit examples.</param>
    /// <param name="training">Epochs, expected batch size (<see cref="TrainingOptions.BatchSize"/>), optimizer and
    /// learning-rate schedule. Its seed is not used here (it seeds the initial weights, through the zoo).</param>
    /// <param name="privacy">The privacy settings.</param>
    /// <param name="randomness">Sampling and noise; null for the OS CSPRNG (owned and disposed by the trainer).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A training setting is outside its range.</exception>
    /// <exception cref="ArgumentException">The model does not take MNIST images, or a frozen layer has no parameters.</exception>
    /// <exception cref="PrivacyParameterException">A privacy setting is outside its domain (see <see cref="DpSgdPlan.Create"/>).</exception>
    public DpSgdTrainer(Sequential model, MnistDataset data, TrainingOptions training, DpSgdOptions privacy, DpSgdRandomness? randomness = null)
    {
        _model = Guard.NotNull(model);
        _data = Guard.NotNull(data);
        Training = Guard.NotNull(training);
        Privacy = Guard.NotNull(privacy);
        training.Validate();
        Guard.IsTrue(model.InputShape == MnistPreprocessing.ImageShape, nameof(model), $"model '{model.Name}' takes {model.InputShape}, not MNIST images");
        int size = training.Limit > 0 ? Math.Min(training.Limit, data.Count) : data.Count;
        Plan = DpSgdPlan.Create(size, training.BatchSize, training.Epochs, privacy);
        int groups = PrivateGradient.TrainedLayers(model, privacy.FrozenLayers).Count;
        IGradientClipping clipping = privacy.Clipping == ClippingMode.PerLayer
            ? PerLayerClipping.Equal(privacy.ClippingNorm, groups)
            : new FlatClipping(privacy.ClippingNorm);
        Gradient = new PrivateGradient(model, clipping, privacy.PhysicalBatchSize, privacy.FrozenLayers);
        _ownsRandomness = randomness is null;
        _randomness = randomness ?? DpSgdRandomness.CreateSecure(privacy.HardenedNoise);
        _sampler = new PoissonSampler(Plan.SampleRate, _randomness.Sampling);
        Optimizer = training.CreateOptimizer();
        Accountant = new RdpAccountant();
        _average = privacy.AverageDecay > 0 ? new ParameterAverage(model, privacy.AverageDecay) : null;
    }

    /// <summary>The training settings.</summary>
    public TrainingOptions Training { get; }

    /// <summary>The privacy settings.</summary>
    public DpSgdOptions Privacy { get; }

    /// <summary>The run as the accountant sees it.</summary>
    public DpSgdPlan Plan { get; }

    /// <summary>The private-gradient computation (clipping, noise).</summary>
    public PrivateGradient Gradient { get; }

    /// <summary>The optimizer (its learning rate follows the schedule).</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The RDP accountant: one sampled-Gaussian step per <see cref="Step"/> (its history also feeds the PRV
    /// accountant, <see cref="PrvSpent"/>).</summary>
    public RdpAccountant Accountant { get; }

    /// <summary>The running average of the weights, or null without <see cref="DpSgdOptions.AverageDecay"/>.</summary>
    public ParameterAverage? Average => _average;

    /// <summary>Steps taken so far.</summary>
    public long StepsTaken { get; private set; }

    /// <summary>The epsilon spent so far at the plan's delta, by the plan's accountant (<see cref="DpSgdPlan.Accountant"/>);
    /// like <see cref="DpSgdResult.Epsilon"/>, RDP's (larger, still valid) when PRV cannot compose at that delta.</summary>
    public double EpsilonSpent => Plan.Accountant == AccountantKind.Prv && PrvSpent() is { } prv
        ? prv.Epsilon
        : Accountant.GetEpsilon(Plan.Delta);

    /// <summary>One DP-SGD step: Poisson batch, clipped per-example gradients, noise, division by qN, optimizer step,
    /// and one sampled-Gaussian step composed into the accountant.</summary>
    /// <returns>The batch's (non-private) statistics.</returns>
    public BatchStatistics Step()
    {
        _batch.Clear();
        _sampler.Sample(Plan.DatasetSize, _batch);
        Gradient.Clear();
        BatchStatistics statistics = Gradient.Accumulate(_data, CollectionsMarshal.AsSpan(_batch));
        Gradient.AddNoise(_randomness.Noise, Plan.NoiseStandardDeviation);
        Gradient.WriteGradients(Plan.SampleRate * Plan.DatasetSize);
        Optimizer.Step(Gradient.TrainedParameters);
        _average?.Update();
        Accountant.Compose(Plan.NoiseMultiplier, Plan.SampleRate);
        StepsTaken++;
        return statistics;
    }

    /// <summary>Runs the next epoch (<see cref="DpSgdPlan.StepsPerEpoch"/> steps), then applies the learning-rate decay.</summary>
    /// <exception cref="InvalidOperationException">Every planned epoch has run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public DpSgdEpochReport TrainEpoch(IProgress<DpSgdProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_epochsDone >= Plan.Epochs)
        {
            throw new InvalidOperationException($"All {Plan.Epochs} planned epochs have run; the privacy budget is spent.");
        }

        int epoch = _epochsDone + 1;
        double previousEpsilon = StepsTaken == 0 ? 0 : EpsilonSpent;
        var watch = Stopwatch.StartNew();
        var total = default(BatchStatistics);
        for (int s = 0; s < Plan.StepsPerEpoch; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += Step();
            progress?.Report(new DpSgdProgress(epoch, Plan.Epochs, s + 1, Plan.StepsPerEpoch, total.LossSum / Math.Max(1, total.Examples), previousEpsilon));
        }

        Optimizer.LearningRate *= Training.LearningRateDecay;
        _epochsDone = epoch;
        double examples = Math.Max(1, total.Examples);
        return new DpSgdEpochReport(epoch, total.LossSum / examples, total.Correct / examples, total.Clipped / examples,
            watch.Elapsed.TotalSeconds, total.Examples, StepsTaken, EpsilonSpent);
    }

    /// <summary>Runs every planned epoch; with weight averaging, leaves the average in the model. Returns the epochs'
    /// reports and the final guarantees (RDP and PRV; <see cref="DpSgdResult.Epsilon"/> is the plan's accountant's).</summary>
    /// <exception cref="InvalidOperationException">Some epochs have already run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <param name="progress">Told after every step.</param>
    /// <param name="epochCompleted">Called (on the training thread) after every epoch with its report.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    public DpSgdResult Train(IProgress<DpSgdProgress>? progress = null, Action<DpSgdEpochReport>? epochCompleted = null, CancellationToken cancellationToken = default)
    {
        if (_epochsDone > 0)
        {
            throw new InvalidOperationException("Train runs the whole plan; epochs have already run.");
        }

        var reports = new List<DpSgdEpochReport>();
        while (_epochsDone < Plan.Epochs)
        {
            DpSgdEpochReport report = TrainEpoch(progress, cancellationToken);
            reports.Add(report);
            epochCompleted?.Invoke(report);
        }

        _average?.CopyToModel();
        return new DpSgdResult(Plan, reports, Accountant.GetGuarantee(Plan.Delta), PrvSpent());
    }

    /// <summary>The PRV accountant's guarantee for the steps taken so far, or null when it cannot be computed at the
    /// plan's delta (e.g. a delta too small for its floating-point precision). Composed once per step count (an FFT of
    /// up to a second) per history of the RDP accountant, so the end of one epoch, the start of the next and the final
    /// result share it.</summary>
    public PrvGuarantee? PrvSpent()
    {
        IReadOnlyList<SampledGaussianSteps> history = Accountant.History;
        if (_prv is { } known && known.History.SequenceEqual(history))
        {
            return known.Guarantee;
        }

        PrvGuarantee? guarantee = ComposePrv(history);
        _prv = ([.. history], guarantee);
        return guarantee;
    }

    private PrvGuarantee? ComposePrv(IReadOnlyList<SampledGaussianSteps> history)
    {
        var prv = new PrvAccountant();
        foreach (SampledGaussianSteps run in history)
        {
            prv.Compose(run);
        }

        try
        {
            return prv.GetGuarantee(Plan.Delta);
        }
        catch (PrivacyParameterException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsRandomness)
        {
            _randomness.Dispose();
        }
    }
}
