namespace Veil.Core.Tests;

public class GuardTests
{
    [Fact]
    public void ChecksThrowTheDocumentedExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => Guard.NotNull<string>(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Guard.Positive(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Guard.InRange(11, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Guard.Finite(double.NaN));
        Assert.Throws<ArgumentException>(() => Guard.LengthEquals(3, 4, "x"));
        Assert.Equal(5, Guard.InRange(5, 0, 10));
    }
}
