using Veil.Audit.Shadows;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Audit.Dp;

/// <summary>
/// Audits DP-SGD in one training run with mislabelled canaries (<see cref="OneRunAudit"/>): the m images after the
/// first <c>baseExamples</c> of the data get a wrong label each, each canary joins the training set with probability
/// ½, the model is trained with DP-SGD, and the canaries are ranked by the trained model's logit-scaled confidence in
/// their wrong label (a canary trained on is fitted, so its confidence is higher).
/// </summary>
/// <remarks>
/// Randomness: the wrong labels and the coin flips that include canaries are drawn from a <see cref="System.Random"/>
/// seeded with the audit's seed (the experiment's subset sampling, not a secret); DP-SGD's sampling and noise come
/// from its own source (the CSPRNG unless a seeded one is given, for tests).
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class CanaryAudit
{
    /// <summary>Runs the audit.</summary>
    /// <param name="architecture">The zoo architecture to train.</param>
    /// <param name="data">Training images: the first <paramref name="baseExamples"/> are always trained on, the next
    /// <paramref name="canaries"/> become canaries.</param>
    /// <param name="baseExamples">Non-canary training examples.</param>
    /// <param name="canaries">m.</param>
    /// <param name="guesses">Guesses r, half "in" (highest scores) and half "out" (lowest).</param>
    /// <param name="training">Epochs, expected batch size, optimizer (its limit is ignored).</param>
    /// <param name="privacy">The DP-SGD settings.</param>
    /// <param name="seed">Seeds the canaries, their inclusion and the initial weights.</param>
    /// <param name="randomness">DP-SGD's randomness; null for the CSPRNG.</param>
    /// <param name="progress">Receives DP-SGD's progress.</param>
    /// <param name="confidence">Confidence of the bound.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <exception cref="ArgumentOutOfRangeException">The counts do not fit the data or each other.</exception>
    /// <exception cref="Veil.Privacy.PrivacyParameterException">A privacy setting is outside its domain.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CanaryAuditResult Run(
        ZooEntry architecture, MnistDataset data, int baseExamples, int canaries, int guesses, TrainingOptions training,
        DpSgdOptions privacy, int seed, DpSgdRandomness? randomness = null, IProgress<DpSgdProgress>? progress = null,
        double confidence = 0.95, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(privacy);
        ArgumentOutOfRangeException.ThrowIfNegative(baseExamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(canaries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baseExamples + canaries, data.Count, nameof(canaries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(guesses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(guesses, canaries);

        var random = new System.Random(seed);
        int[] canaryIndices = [.. Enumerable.Range(baseExamples, canaries)];
        MnistDataset canarySet = data.Subset(canaryIndices);
        byte[] wrong = new byte[canaries];
        bool[] included = new bool[canaries];
        for (int i = 0; i < canaries; i++)
        {
            wrong[i] = (byte)((canarySet.Labels[i] + 1 + random.Next(9)) % 10);
            included[i] = random.Next(2) == 1;
        }

        canarySet = canarySet.WithLabels(wrong);
        var indices = new List<int>(Enumerable.Range(0, baseExamples));
        for (int i = 0; i < canaries; i++)
        {
            if (included[i])
            {
                indices.Add(canaryIndices[i]);
            }
        }

        MnistDataset subset = data.Subset(indices);
        byte[] labels = subset.Labels.ToArray();
        int position = baseExamples;
        for (int i = 0; i < canaries; i++)
        {
            if (included[i])
            {
                labels[position++] = wrong[i];
            }
        }

        MnistDataset trainingSet = subset.WithLabels(labels);
        Sequential model = architecture.Create(seed);
        DpSgdResult result;
        using (var trainer = new DpSgdTrainer(model, trainingSet, training with { Limit = 0, Seed = seed }, privacy, randomness))
        {
            result = trainer.Train(progress, cancellationToken: cancellationToken);
        }

        double[] scores = ModelOutputs.Compute(model, canarySet).Confidence;
        (int made, int correct) = OneRunAudit.Guess(scores, included, guesses / 2, guesses - (guesses / 2));
        return new CanaryAuditResult
        {
            Canaries = canaries,
            Included = included.Count(x => x),
            Guesses = made,
            Correct = correct,
            EmpiricalEpsilon = OneRunAudit.EpsilonLowerBound(canaries, made, correct, privacy.Delta, confidence),
            AccountantEpsilon = result.Epsilon,
            Delta = privacy.Delta,
            Confidence = confidence,
            TrainingExamples = trainingSet.Count,
        };
    }
}
