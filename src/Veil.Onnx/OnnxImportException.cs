namespace Veil.Onnx;

/// <summary>An ONNX file Veil cannot import: unreadable, or using an operator, attribute or shape Veil cannot express.
/// The message is one line naming the node, its operator and opset, and the reason.</summary>
public class OnnxImportException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public OnnxImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public OnnxImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
