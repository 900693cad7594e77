namespace Veil.He.Rlwe;

/// <summary>Checks that objects combined in one operation share their parameters.</summary>
internal static class ParameterGuard
{
    /// <exception cref="ParameterMismatchException">The parameters differ.</exception>
    public static void Same(Parameters expected, Parameters actual, string what)
    {
        if (!ReferenceEquals(expected, actual) && !expected.Equals(actual))
        {
            throw new ParameterMismatchException(
                $"The {what} belongs to other parameters ({actual.ShortId}) than expected ({expected.ShortId}).");
        }
    }
}
