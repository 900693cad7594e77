namespace Veil.He.Nn.Circuit;

/// <summary>A model holds a layer that cannot be evaluated under CKKS (e.g. ReLU or max pooling).</summary>
public class UnsupportedModelException : VeilException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedModelException(string message)
        : base(message)
    {
    }
}
