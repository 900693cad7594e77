using Veil.Nn;

namespace Veil.Onnx;

/// <summary>An imported model and what the ONNX file said about it.</summary>
/// <param name="Model">The Veil model: its output is the logits before any trailing softmax.</param>
/// <param name="OutputFunction">"softmax" or "logsoftmax" when the graph ended in one (kept out of the model, whose
/// argmax it does not change; <see cref="OnnxOutput.Apply"/> applies it), else null.</param>
/// <param name="Opset">The default-domain opset the file imports.</param>
/// <param name="Producer">The producer named in the file.</param>
/// <remarks>Thread-safety: immutable record; the model is not thread-safe.</remarks>
public sealed record OnnxImportResult(Sequential Model, string? OutputFunction, int Opset, string Producer);
