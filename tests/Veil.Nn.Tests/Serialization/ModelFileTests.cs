using System.Buffers.Binary;
using Veil.Nn.Layers;
using Veil.Nn.Serialization;
using Veil.Nn.Tests.Layers;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Nn.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-models-" + Guid.NewGuid());

    public ModelFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> ZooNames => [.. ModelZoo.Names];

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void EveryZooModelRoundTripsWithIdenticalPredictions(string name)
    {
        Sequential model = ModelZoo.Create(name, seed: 4);
        model.Properties["dp.epsilon"] = "3";
        string path = Path.Combine(_directory, name + ".veil");
        ModelFile.Save(model, path);
        Sequential loaded = ModelFile.Load(path);
        Assert.Equal(model.Name, loaded.Name);
        Assert.Equal(model.Describe(), loaded.Describe());
        Assert.Equal(model.Properties, loaded.Properties);
        Tensor images = GradientCheck.RandomTensor(new System.Random(1), new TensorShape(3, 1, 28, 28));
        Assert.Equal(model.PredictNew(images).Span.ToArray(), loaded.PredictNew(images).Span.ToArray());
    }

    [Fact]
    public void HyperparametersSurvive()
    {
        var model = new Sequential("mixed", new TensorShape(2, 10, 10),
            new Conv2d(2, 3, 3, stride: 2, padding: 1, bias: false), new AvgPool2d(2, 1), new Polynomial(0.5, -1, 0.25),
            new Flatten(), new Linear(48, 4));
        Sequential loaded = ModelFile.Clone(model);
        var conv = Assert.IsType<Conv2d>(loaded.Layers[0]);
        Assert.Equal((2, 3, 3, 2, 1), (conv.InChannels, conv.OutChannels, conv.KernelSize, conv.Stride, conv.Padding));
        Assert.Null(conv.Bias);
        var pool = Assert.IsType<AvgPool2d>(loaded.Layers[1]);
        Assert.Equal((2, 1), (pool.KernelSize, pool.Stride));
        Assert.Equal([0.5, -1, 0.25], Assert.IsType<Polynomial>(loaded.Layers[2]).Coefficients);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ACorruptFileIsRefused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void ANewerVersionIsRefused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), ModelFile.Version + 1);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void AnotherKindOfFileIsRefused()
    {
        string path = Path.Combine(_directory, "not-a-model.veil");
        var payload = new Veil.IO.PayloadWriter();
        payload.WriteInt32(1);
        Veil.IO.Envelope.WriteFile(path, new Veil.IO.ObjectKind("CKCT"), 1, payload);
        Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
        File.WriteAllText(path, "hello, this is not a model");
        Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
    }

    [Fact]
    public void AWellFormedEnvelopeWithImpossibleContentsIsRefused()
    {
        string path = Path.Combine(_directory, "impossible.veil");
        var payload = new Veil.IO.PayloadWriter();
        payload.WriteString("x");
        payload.WriteInt32(1);
        payload.WriteInt32(4);
        payload.WriteInt32(1);
        payload.WriteString("teleport");
        payload.WriteInt32(0);
        payload.WriteInt32(0);
        payload.WriteInt32(0);
        Veil.IO.Envelope.WriteFile(path, ModelFile.Kind, ModelFile.Version, payload);
        var error = Assert.Throws<VeilFormatException>(() => ModelFile.Load(path));
        Assert.Contains("teleport", error.Message);
    }

    private string Saved()
    {
        string path = Path.Combine(_directory, "mlp.veil");
        ModelFile.Save(ModelZoo.Create("mlp", 1), path);
        return path;
    }
}
