using Veil.Nn;
using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.He.Nn.Tests;

/// <summary>Shared test data: the first MNIST test images, preprocessed.</summary>
internal static class Fixtures
{
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    public static MnistDataset TestSet => Test.Value;

    public static Tensor Images(int count, int start = 0) => MnistPreprocessing.ImagesNew(TestSet, start, count);

    public static Tensor PlainLogits(Sequential model, Tensor images) => model.PredictNew(images);

    public static double MaxAbsDifference(Tensor a, Tensor b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a.Span[i] - b.Span[i]));
        }

        return max;
    }

    public static int[] ArgMax(Tensor logits)
    {
        int[] result = new int[logits.Shape[0]];
        Tensor.ArgMaxRows(logits, result);
        return result;
    }
}
