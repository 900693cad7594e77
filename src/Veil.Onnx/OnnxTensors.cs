using System.Buffers.Binary;
using Veil.Onnx.Proto;

namespace Veil.Onnx;

/// <summary>A constant of the graph (an initializer or a Constant node's value) as dimensions and float values.</summary>
internal sealed record ConstantTensor(long[] Dims, float[] Values)
{
    public bool IsScalar => Values.Length == 1;

    /// <summary>Values as longs (for shapes), exactly.</summary>
    public long[] Longs { get; init; } = [];
}

/// <summary>Reads and writes <see cref="TensorProto"/> values.</summary>
internal static class OnnxTensors
{
    /// <exception cref="OnnxImportException">The type is not numeric, the data is external, or sizes disagree.</exception>
    public static ConstantTensor Read(TensorProto tensor, string where)
    {
        long[] dims = [.. tensor.Dims];
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (tensor.DataLocation == 1)
        {
            throw new OnnxImportException($"{where}: tensor '{tensor.Name}' keeps its data in an external file, which Veil does not read.");
        }

        if (count < 0 || count > 1 << 28)
        {
            throw new OnnxImportException($"{where}: tensor '{tensor.Name}' has an impossible size {count}.");
        }

        var type = (TensorProto.Types.DataType)tensor.DataType;
        float[] values;
        long[] longs = [];
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                values = Elements(tensor, count, tensor.FloatData, BinaryPrimitives.ReadSingleLittleEndian, where);
                break;
            case TensorProto.Types.DataType.Double:
                values = [.. Elements(tensor, count, tensor.DoubleData, BinaryPrimitives.ReadDoubleLittleEndian, where).Select(v => (float)v)];
                break;
            case TensorProto.Types.DataType.Int64:
                longs = Elements(tensor, count, tensor.Int64Data, BinaryPrimitives.ReadInt64LittleEndian, where);
                values = [.. longs.Select(v => (float)v)];
                break;
            case TensorProto.Types.DataType.Int32:
                longs = [.. Elements(tensor, count, tensor.Int32Data, BinaryPrimitives.ReadInt32LittleEndian, where).Select(v => (long)v)];
                values = [.. longs.Select(v => (float)v)];
                break;
            default:
                throw new OnnxImportException($"{where}: tensor '{tensor.Name}' has data type {type}; Veil reads float, double, int32 and int64 tensors.");
        }

        return new ConstantTensor(dims, values) { Longs = longs };
    }

    /// <summary>A float tensor with its values as little-endian raw data.</summary>
    public static TensorProto Float(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims.ToArray());
        byte[] raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        tensor.RawData = Google.Protobuf.ByteString.CopyFrom(raw);
        return tensor;
    }

    /// <summary>The tensor's <paramref name="count"/> elements, from raw little-endian bytes or the typed field.</summary>
    private static T[] Elements<T>(TensorProto tensor, long count, IReadOnlyList<T> typed, ReadBytes<T> read, string where)
        where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (!tensor.HasRawData)
        {
            Require(typed.Count == count, tensor, where);
            return [.. typed];
        }

        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        Require(raw.Length == count * size, tensor, where);
        var values = new T[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = read(raw[(i * size)..]);
        }

        return values;
    }

    private delegate T ReadBytes<T>(ReadOnlySpan<byte> source);

    private static void Require(bool condition, TensorProto tensor, string where)
    {
        if (!condition)
        {
            throw new OnnxImportException($"{where}: tensor '{tensor.Name}' holds a number of values other than its dimensions say.");
        }
    }
}
