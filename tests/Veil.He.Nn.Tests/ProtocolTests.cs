using System.Reflection;
using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.He.Rlwe;
using Veil.IO;
using Veil.Nn;
using Veil.Nn.Zoo;

namespace Veil.He.Nn.Tests;

public class ProtocolTests
{
    [Fact]
    public void ServerTypesOfferNoWayToASecretKey()
    {
        Type[] serverSide = [typeof(HeInferenceServer), typeof(EncryptedValues), typeof(InferencePlan), typeof(Circuit.HeCircuit)];
        foreach (Type type in serverSide)
        {
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                IEnumerable<Type> types = member switch
                {
                    MethodBase method => method.GetParameters().Select(p => p.ParameterType).Append((method as MethodInfo)?.ReturnType ?? typeof(void)),
                    PropertyInfo property => [property.PropertyType],
                    FieldInfo field => [field.FieldType],
                    _ => [],
                };
                Assert.DoesNotContain(types, t => t == typeof(SecretKey) || t == typeof(Decryptor) || t == typeof(HeInferenceClient));
            }
        }
    }

    [Fact]
    public void FilesOfOtherParametersOrModelsAreRefused()
    {
        InferencePlan cnn = InferencePlanner.Plan(ShippedModels.Load("cnn-he"));
        InferencePlan lenet = InferencePlanner.Plan(ModelZoo.Create("lenet-he", seed: 1));
        var client = new HeInferenceClient(cnn);
        EncryptedValues inputs = client.Encrypt(Fixtures.Images(2));

        var stream = new MemoryStream();
        inputs.WriteTo(stream);
        stream.Position = 0;
        var error = Assert.Throws<ParameterMismatchException>(() => EncryptedValues.ReadFrom(stream, lenet.Parameters, "in.veil"));
        Assert.Contains("other CKKS parameters", error.Message);

        byte[] bytes = stream.ToArray();
        bytes[bytes.Length / 2] ^= 1;
        Assert.Throws<VeilFormatException>(() => EncryptedValues.ReadFrom(new MemoryStream(bytes), cnn.Parameters));
        Assert.Throws<VeilFormatException>(() => EncryptedValues.ReadFrom(new MemoryStream(bytes[..(bytes.Length - 100)]), cnn.Parameters));

        var lenetKeys = new HeInferenceClient(lenet).GenerateEvaluationKeys();
        Assert.Throws<ParameterMismatchException>(() => new HeInferenceServer(cnn, lenetKeys));
        var keyStream = new MemoryStream();
        lenetKeys.WriteTo(keyStream);
        keyStream.Position = 0;
        Assert.Throws<ParameterMismatchException>(() => EvaluationKeys.ReadFrom(keyStream, cnn.Parameters));
        Assert.Throws<ParameterMismatchException>(() => new HeInferenceClient(cnn, new HeInferenceClient(lenet).SecretKey));
    }

    /// <summary>Ciphertexts are parsed on several threads: a corrupt one inside an intact container still surfaces as
    /// the documented <see cref="VeilFormatException"/> naming which ciphertext, not as an AggregateException.</summary>
    [Fact]
    public void ACorruptCiphertextInsideAnIntactContainerIsATypedErrorNamingIt()
    {
        InferencePlan plan = InferencePlanner.Plan(ShippedModels.Load("mlp-square"));
        EncryptedValues inputs = new HeInferenceClient(plan).Encrypt(Fixtures.Images(3));
        var stream = new MemoryStream();
        inputs.WriteTo(stream);
        stream.Position = 0;
        var (version, reader) = Envelope.Read(stream, EncryptedValues.ObjectKind, EncryptedValues.Version, "inputs");
        byte[] payload = new byte[reader.Remaining];
        reader.ReadBytes(payload);

        // Flip a byte in the last ciphertext's data (before its own checksum), then seal the container again.
        payload[payload.Length - Envelope.ChecksumSize - 100] ^= 0x40;
        var resealed = new MemoryStream();
        Envelope.Write(resealed, EncryptedValues.ObjectKind, version, payload);
        resealed.Position = 0;

        var error = Assert.Throws<VeilFormatException>(() => EncryptedValues.ReadFrom(resealed, plan.Parameters, "in.veil"));
        Assert.Contains($"ciphertext {inputs.Count - 1}", error.Message);
    }

    [Fact]
    public void ServerRefusesOutputsAsInputsAndClientRefusesInputsAsOutputs()
    {
        Sequential model = ShippedModels.Load("mlp-square");
        InferencePlan plan = InferencePlanner.Plan(model);
        var client = new HeInferenceClient(plan);
        var server = new HeInferenceServer(plan, client.GenerateEvaluationKeys(), threads: 1);
        EncryptedValues inputs = client.Encrypt(Fixtures.Images(1));
        Assert.Throws<VeilFormatException>(() => client.DecryptNew(inputs));
    }

    /// <summary>Logits travel truncated (the low bits of each coefficient dropped): the file has the size the plan states,
    /// cnn-he's latency download meets the 70 KB goal, and the logits read back differ from the untruncated ones by less
    /// than 0.01 (the added error's standard deviation is at most 2^−8/5).</summary>
    [Fact]
    public void LogitsTravelTruncatedWithinTheirBound()
    {
        Assert.True(InferencePlanner.Plan(ShippedModels.Load("cnn-he"), PackingMode.Latency).OutputCiphertextBytes <= 70 * 1024);
        InferencePlan plan = InferencePlanner.Plan(ShippedModels.Load("mlp-square"));
        var client = new HeInferenceClient(plan);
        var server = new HeInferenceServer(plan, client.GenerateEvaluationKeys(), threads: 1);
        EncryptedValues outputs = server.Infer(client.Encrypt(Fixtures.Images(3)));
        var stream = new MemoryStream();
        outputs.WriteTo(stream);
        Assert.Equal(outputs.SerializedSize, stream.Length);
        Assert.True(stream.Length < plan.OutputCiphertexts * plan.OutputCiphertextBytes * 1.01, $"{stream.Length} bytes");
        stream.Position = 0;
        float[] exact = client.DecryptNew(outputs).Span.ToArray(), read = client.DecryptNew(EncryptedValues.ReadFrom(stream, plan.Parameters)).Span.ToArray();
        double error = exact.Zip(read, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(error, 1e-9, 0.01);
    }

    [Fact]
    public void ProfileRoundTripsAndIsBoundToItsParameters()
    {
        InferencePlan plan = InferencePlanner.Plan(ShippedModels.Load("cnn-he"));
        var stream = new MemoryStream();
        plan.ClientProfile.WriteTo(stream, plan.Parameters);
        stream.Position = 0;
        ClientProfile read = ClientProfile.ReadFrom(stream, plan.Parameters);
        Assert.Equal(plan.ClientProfile.ModelName, read.ModelName);
        Assert.Equal(784, read.InputCount);
        Assert.Equal(10, read.OutputCount);
        Assert.Equal(plan.MaxBatchSize, read.MaxBatchSize);
    }
}
