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
        ReadOnlySpan<byte> raw = tensor.HasRawData ? tensor.RawData.Span : default;
        float[] values = new float[count];
        long[] longs = [];
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                if (tensor.HasRawData)
                {
                    Require(raw.Length == count * 4, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                    }
                }
                else
                {
                    Require(tensor.FloatData.Count == count, tensor, where);
                    tensor.FloatData.CopyTo(values, 0);
                }

                break;
            case TensorProto.Types.DataType.Double:
                if (tensor.HasRawData)
                {
                    Require(raw.Length == count * 8, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                    }
                }
                else
                {
                    Require(tensor.DoubleData.Count == count, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = (float)tensor.DoubleData[i];
                    }
                }

                break;
            case TensorProto.Types.DataType.Int64:
                longs = new long[count];
                if (tensor.HasRawData)
                {
                    Require(raw.Length == count * 8, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        longs[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]);
                    }
                }
                else
                {
                    Require(tensor.Int64Data.Count == count, tensor, where);
                    tensor.Int64Data.CopyTo(longs, 0);
                }

                for (int i = 0; i < count; i++)
                {
                    values[i] = longs[i];
                }

                break;
            case TensorProto.Types.DataType.Int32:
                longs = new long[count];
                if (tensor.HasRawData)
                {
                    Require(raw.Length == count * 4, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        longs[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]);
                    }
                }
                else
                {
                    Require(tensor.Int32Data.Count == count, tensor, where);
                    for (int i = 0; i < count; i++)
                    {
                        longs[i] = tensor.Int32Data[i];
                    }
                }

                for (int i = 0; i < count; i++)
                {
                    values[i] = longs[i];
                }

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

    private static void Require(bool condition, TensorProto tensor, string where)
    {
        if (!condition)
        {
            throw new OnnxImportException($"{where}: tensor '{tensor.Name}' holds a number of values other than its dimensions say.");
        }
    }
}
