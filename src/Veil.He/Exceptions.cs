namespace Veil.He;

/// <summary>A parameter literal does not describe a valid parameter set (bad ring degree, primes, scale, ...).</summary>
public class InvalidParametersException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public InvalidParametersException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InvalidParametersException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A parameter set gives less than 128-bit classical security per the Homomorphic Encryption Standard.</summary>
public class InsecureParametersException : InvalidParametersException
{
    /// <summary>Creates the exception with a message.</summary>
    public InsecureParametersException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InsecureParametersException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An operation needs a level the ciphertext no longer has (for example, rescaling at level 0).</summary>
public class LevelExhaustedException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public LevelExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public LevelExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A scale does not fit the modulus at the level it would live at: the result would wrap around and decrypt to
/// garbage.</summary>
public class ScaleOverflowException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public ScaleOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ScaleOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Two operands of one operation are at different levels or scales, and the evaluator was not asked to align
/// them.</summary>
public class OperandMismatchException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public OperandMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public OperandMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An operation needs an evaluation key that the evaluator was not given (a relinearization key, or Galois
/// keys from which a rotation can be composed).</summary>
public class MissingKeyException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public MissingKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public MissingKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
