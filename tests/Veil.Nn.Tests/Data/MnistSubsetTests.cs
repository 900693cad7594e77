using Veil.Nn.Data;

namespace Veil.Nn.Tests.Data;

public class MnistSubsetTests
{
    private static readonly MnistDataset Test = MnistDataset.LoadEmbedded(MnistSplit.Test);

    [Fact]
    public void SubsetCopiesTheChosenImagesAndLabelsInOrder()
    {
        int[] indices = [5, 0, 9999, 5];
        MnistDataset subset = Test.Subset(indices);
        Assert.Equal(4, subset.Count);
        Assert.Equal(MnistSplit.Test, subset.Split);
        for (int i = 0; i < indices.Length; i++)
        {
            Assert.Equal(Test.Labels[indices[i]], subset.Labels[i]);
            Assert.True(Test.Image(indices[i]).SequenceEqual(subset.Image(i)));
        }
    }

    [Fact]
    public void SubsetRejectsAnIndexOutsideTheData()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Test.Subset([0, 10_000]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Test.Subset([-1]));
    }

    [Fact]
    public void WithLabelsReplacesLabelsAndKeepsImages()
    {
        MnistDataset small = Test.Subset([0, 1, 2]);
        MnistDataset relabelled = small.WithLabels([3, 4, 5]);
        Assert.Equal([3, 4, 5], relabelled.Labels.ToArray());
        Assert.Equal(Test.Labels[0], small.Labels[0]); // the source is unchanged
        Assert.True(small.Pixels.SequenceEqual(relabelled.Pixels));
        Assert.Throws<ArgumentException>(() => small.WithLabels([1, 2]));
        Assert.Throws<ArgumentException>(() => small.WithLabels([1, 2, 10]));
    }

    [Fact]
    public void ConcatAppendsTheOtherSetsImagesAndLabels()
    {
        MnistDataset a = Test.Subset([0, 1]);
        MnistDataset b = Test.Subset([7]);
        MnistDataset both = a.Concat(b);
        Assert.Equal(3, both.Count);
        Assert.Equal(Test.Labels[7], both.Labels[2]);
        Assert.True(Test.Image(7).SequenceEqual(both.Image(2)));
        Assert.True(Test.Image(1).SequenceEqual(both.Image(1)));
    }
}
