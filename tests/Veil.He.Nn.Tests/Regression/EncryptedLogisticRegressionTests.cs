using Veil.He.Nn.Regression;
using Veil.Nn.Data;

namespace Veil.He.Nn.Tests.Regression;

public class EncryptedLogisticRegressionTests
{
    private static readonly MnistDataset Train = MnistDataset.LoadEmbedded(MnistSplit.Train);

    [Fact]
    public void Encrypted_training_follows_its_plaintext_twin_and_learns()
    {
        BinaryDigits data = BinaryDigits.From(Train, limit: 300);
        BinaryDigits test = BinaryDigits.From(MnistDataset.LoadEmbedded(MnistSplit.Test));
        var recipe = new LogisticRegressionRecipe { Epochs = 3, LearningRate = 1.0 };
        IReadOnlyList<LogisticModel> plain = PlainLogisticRegression.Train(data, recipe);

        var client = new EncryptedRegressionClient();
        var server = new EncryptedRegressionServer(client.Parameters, client.GenerateEvaluationKeys(data.Count));
        EncryptedDataset encrypted = client.Encrypt(data);
        var model = new LogisticModel(new double[data.Features], 0);
        var differences = new List<double>();
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            model = client.Decrypt(server.Epoch(encrypted, client.Encrypt(model), recipe));
            differences.Add(model.MaxDifference(plain[epoch]));
        }

        // CKKS at scale 2^32 through depth 4 and a 512-slot sum: 1–3·10^-5 per parameter (measured 0.9, 1.8, 2.6·10^-5
        // over three epochs), against steps of 10^-1; a scale off by the primes' distance from 2^32, or the final rescale
        // before the slot sum, gave 10^-4 and more.
        Assert.True(differences.All(d => d < 2e-4), "parameter differences per epoch: " + string.Join(", ", differences.Select(d => d.ToString("E2", System.Globalization.CultureInfo.InvariantCulture))));

        Assert.True(model.Weights.Any(w => Math.Abs(w) > 1e-2), "the weights moved");
        Assert.InRange(model.Accuracy(test), 0.95, 1.0);
    }

    [Fact]
    public void Features_are_cell_means_and_labels_follow_the_digits()
    {
        BinaryDigits data = BinaryDigits.From(Train, positive: 7, negative: 3, grid: 4, limit: 20);
        Assert.Equal(20, data.Count);
        Assert.Equal(16, data.Features);
        int first = Enumerable.Range(0, Train.Count).First(i => Train.Labels[i] is 7 or 3);
        Assert.Equal(Train.Labels[first] == 7 ? 1.0 : 0.0, data.Label(0));
        double ink = 0;
        for (int y = 0; y < 7; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                ink += Train.Image(first)[(y * 28) + x] / 255.0;
            }
        }

        Assert.Equal(ink / 49, data.Feature(0, 0), 12);
        Assert.Throws<ArgumentException>(() => BinaryDigits.From(Train, grid: 5));
        Assert.Throws<ArgumentException>(() => BinaryDigits.From(Train, positive: 1, negative: 1));
    }
}
