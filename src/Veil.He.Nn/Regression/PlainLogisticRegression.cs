namespace Veil.He.Nn.Regression;

/// <summary>The recipe in the clear, in double precision: the twin the encrypted training is checked against.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class PlainLogisticRegression
{
    /// <summary>The model after each epoch of <paramref name="recipe"/> on <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The recipe is invalid.</exception>
    public static IReadOnlyList<LogisticModel> Train(BinaryDigits data, LogisticRegressionRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recipe);
        recipe.Validate();
        var model = new LogisticModel(new double[data.Features], 0);
        var models = new List<LogisticModel>();
        double step = recipe.LearningRate / data.Count;
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            var gradient = new double[data.Features];
            double biasGradient = 0;
            for (int i = 0; i < data.Count; i++)
            {
                double error = LogisticRegressionRecipe.Sigmoid(model.Score(data.Example(i))) - data.Label(i);
                for (int j = 0; j < gradient.Length; j++)
                {
                    gradient[j] += error * data.Feature(i, j);
                }

                biasGradient += error;
            }

            double[] weights = [.. model.Weights.Select((w, j) => w - (step * gradient[j]))];
            model = new LogisticModel(weights, model.Bias - (step * biasGradient));
            models.Add(model);
        }

        return models;
    }
}
