using System.Globalization;
using Veil.Onnx.Proto;

namespace Veil.Onnx;

/// <summary>A node with its opset and attribute accessors, and the one-line error every refusal uses.</summary>
internal sealed class OnnxNode(NodeProto node, int opset)
{
    public NodeProto Proto { get; } = node;

    public int Opset { get; } = opset;

    public string OpType => Proto.OpType;

    public string Name => string.IsNullOrEmpty(Proto.Name) ? (Proto.Output.Count > 0 ? Proto.Output[0] : "?") : Proto.Name;

    /// <summary>"node 'conv1' (Conv, opset 13): reason".</summary>
    public OnnxImportException Refuse(string reason) => new($"node '{Name}' ({OpType}, opset {Opset}): {reason}");

    public AttributeProto? Attribute(string name) => Proto.Attribute.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.I : fallback;

    public float Float(string name, float fallback) => Attribute(name) is { } a ? a.F : fallback;

    public string String(string name, string fallback) => Attribute(name) is { } a ? a.S.ToStringUtf8() : fallback;

    public long[]? Ints(string name) => Attribute(name) is { } a ? [.. a.Ints] : null;

    /// <summary>Refuses any attribute not in <paramref name="known"/>.</summary>
    public void OnlyAttributes(params string[] known)
    {
        foreach (AttributeProto attribute in Proto.Attribute)
        {
            if (Array.IndexOf(known, attribute.Name) < 0)
            {
                throw Refuse($"attribute '{attribute.Name}' is not supported");
            }
        }
    }

    public static string Format(IEnumerable<long> values) => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
