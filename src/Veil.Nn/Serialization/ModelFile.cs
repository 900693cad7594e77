using Veil.IO;
using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.Nn.Serialization;

/// <summary>
/// Veil's model file: an <see cref="Envelope"/> of kind <c>MODL</c>, version 1, that holds a <see cref="Sequential"/>
/// model whole: its name, input shape, every layer with its hyperparameters and weights, and its property bag.
/// </summary>
/// <remarks>
/// Payload of version 1 (little-endian; strings are a 32-bit byte count and UTF-8):
/// <code>
///   string   name
///   int32    input rank, then int32 per dimension (one example, e.g. 1 28 28)
///   int32    layer count, then per layer:
///              string  kind                      (linear, conv2d, avgpool2d, maxpool2d, relu, square, polynomial, flatten)
///              int32   hyperparameter count, then per hyperparameter: string key, int32 count, float64 × count
///              int32   parameter count, then per parameter: string name, int32 rank, int32 × rank, float32 × elements
///   int32    property count, then per property: string key, string value   (sorted by key)
/// </code>
/// Readers check every count against a limit and against what the layer kind expects, so a corrupt file is refused
/// with a <see cref="VeilFormatException"/> naming the file, never half-loaded. New optional information goes into the
/// property bag (no version change); a change to the layout above takes version 2, which this build refuses as newer.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class ModelFile
{
    /// <summary>The envelope kind of model files.</summary>
    public static readonly ObjectKind Kind = new("MODL");

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const ushort Version = 1;

    /// <summary>The file extension of model files.</summary>
    public const string Extension = ".veil";

    private const int MaxLayers = 1024;
    private const int MaxEntries = 64;
    private const int MaxProperties = 4096;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically: through a temporary file).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static void Save(Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        Envelope.WriteFile(path, Kind, Version, Encode(model));
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        Envelope.Write(stream, Kind, Version, Encode(model));
    }

    /// <summary>Reads the model in the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VeilFormatException">The file is not a Veil model, is truncated or corrupt, or was written by a newer Veil.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Sequential Load(string path)
    {
        var (_, payload) = Envelope.ReadFile(path, Kind, Version);
        return Decode(payload);
    }

    /// <summary>Reads one model from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VeilFormatException">The data is not a Veil model, is truncated or corrupt, or was written by a newer Veil.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static Sequential Read(Stream stream, string source)
    {
        var (_, payload) = Envelope.Read(stream, Kind, Version, source);
        return Decode(payload);
    }

    /// <summary>An independent copy of <paramref name="model"/> (layers, weights and properties), e.g. one per thread.</summary>
    public static Sequential Clone(Sequential model)
    {
        using var buffer = new MemoryStream();
        Write(model, buffer);
        buffer.Position = 0;
        return Read(buffer, model.Name);
    }

    private static PayloadWriter Encode(Sequential model)
    {
        var w = new PayloadWriter(checked((int)Math.Min(int.MaxValue, (model.ParameterCount * 4) + 4096)));
        w.WriteString(model.Name);
        WriteShape(w, model.InputShape);
        w.WriteInt32(model.Layers.Count);
        foreach (Layer layer in model.Layers)
        {
            LayerSpec spec = layer.ToSpec();
            w.WriteString(spec.Kind);
            w.WriteInt32(spec.Values.Count);
            foreach (var (key, values) in spec.Values)
            {
                w.WriteString(key);
                w.WriteInt32(values.Length);
                w.WriteDoubles(values);
            }

            w.WriteInt32(layer.Parameters.Count);
            foreach (Parameter p in layer.Parameters)
            {
                w.WriteString(p.Name);
                WriteShape(w, p.Shape);
                w.WriteSingles(p.Value.Span);
            }
        }

        w.WriteInt32(model.Properties.Count);
        foreach (var (key, value) in model.Properties)
        {
            w.WriteString(key);
            w.WriteString(value);
        }

        return w;
    }

    private static Sequential Decode(PayloadReader r)
    {
        string source = r.Source;
        string name = r.ReadString(256);
        TensorShape inputShape = ReadShape(r);
        int layerCount = r.ReadInt32(1, MaxLayers, "the layer count");
        var layers = new List<Layer>(layerCount);
        for (int i = 0; i < layerCount; i++)
        {
            var spec = new LayerSpec(r.ReadString(64));
            int hyperCount = r.ReadInt32(0, MaxEntries, "a hyperparameter count");
            for (int h = 0; h < hyperCount; h++)
            {
                string key = r.ReadString(64);
                double[] values = new double[r.ReadInt32(0, MaxEntries, "a hyperparameter's value count")];
                r.ReadDoubles(values);
                spec.With(key, values);
            }

            Layer layer = LayerFactory.Create(spec, source);
            int parameterCount = r.ReadInt32(0, 8, "a parameter count");
            if (parameterCount != layer.Parameters.Count)
            {
                throw r.Corrupt($"layer {i} ({layer}) stores {parameterCount} parameters; it has {layer.Parameters.Count}");
            }

            foreach (Parameter p in layer.Parameters)
            {
                string parameterName = r.ReadString(64);
                TensorShape shape = ReadShape(r);
                if (parameterName != p.Name || shape != p.Shape)
                {
                    throw r.Corrupt($"layer {i} ({layer}) stores parameter '{parameterName}' {shape}; expected '{p.Name}' {p.Shape}");
                }

                r.ReadSingles(p.Value.Span);
            }

            layers.Add(layer);
        }

        int propertyCount = r.ReadInt32(0, MaxProperties, "the property count");
        var properties = new List<KeyValuePair<string, string>>(propertyCount);
        for (int i = 0; i < propertyCount; i++)
        {
            properties.Add(new(r.ReadString(1024), r.ReadString()));
        }

        r.EnsureEnd();
        Sequential model;
        try
        {
            model = new Sequential(string.IsNullOrWhiteSpace(name) ? "model" : name, inputShape, layers);
        }
        catch (ArgumentException ex)
        {
            throw r.Corrupt($"the layers do not fit together ({ex.Message})");
        }

        foreach (var (key, value) in properties)
        {
            if (!model.Properties.TryAdd(key, value))
            {
                throw r.Corrupt($"property '{key}' appears twice");
            }
        }

        return model;
    }

    private static void WriteShape(PayloadWriter w, TensorShape shape)
    {
        w.WriteInt32(shape.Rank);
        foreach (int d in shape.Dimensions)
        {
            w.WriteInt32(d);
        }
    }

    private static TensorShape ReadShape(PayloadReader r)
    {
        int rank = r.ReadInt32(0, TensorShape.MaxRank, "a tensor rank");
        Span<int> dims = stackalloc int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = r.ReadInt32(1, 1 << 24, "a tensor dimension");
            count *= dims[i];
            if (count * sizeof(float) > r.Remaining + (long)sizeof(float))
            {
                throw r.Corrupt($"a tensor of {count}+ elements is larger than the data left");
            }
        }

        return new TensorShape(dims);
    }
}
