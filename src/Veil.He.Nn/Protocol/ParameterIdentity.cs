using Veil.He.Rlwe;
using Veil.IO;

namespace Veil.He.Nn.Protocol;

/// <summary>The parameters' 32-byte identity at the start of this assembly's objects.</summary>
internal static class ParameterIdentity
{
    public const int Size = 32;

    /// <exception cref="ParameterMismatchException">The identity read is not <paramref name="parameters"/>'s.</exception>
    public static void Check(PayloadReader reader, Parameters parameters, string what)
    {
        Span<byte> id = stackalloc byte[Size];
        reader.ReadBytes(id);
        if (!id.SequenceEqual(parameters.Id))
        {
            throw new ParameterMismatchException(
                $"{reader.Source}: {what} made under other CKKS parameters (id {Convert.ToHexStringLower(id[..8])}) than the ones given ({parameters.ShortId}); " +
                "use keys and files made for this model and packing mode.");
        }
    }
}
