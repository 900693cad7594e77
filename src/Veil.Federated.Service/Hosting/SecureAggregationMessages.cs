using System.Runtime.InteropServices;
using Google.Protobuf;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Service.Protocol;

namespace Veil.Federated.Service.Hosting;

/// <summary>Conversions between secure-aggregation records and their wire messages.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class SecureAggregationMessages
{
    public static EncryptedShareMessage ToWire(EncryptedShare share) => new()
    {
        From = share.From,
        To = share.To,
        Nonce = ByteString.CopyFrom(share.Nonce),
        Ciphertext = ByteString.CopyFrom(share.Ciphertext),
        Tag = ByteString.CopyFrom(share.Tag),
    };

    public static EncryptedShare FromWire(EncryptedShareMessage share) =>
        new(share.From, share.To, share.Nonce.ToByteArray(), share.Ciphertext.ToByteArray(), share.Tag.ToByteArray());

    public static Advertisement ToWire(KeyAdvertisement a) =>
        new() { Client = a.Client, ChannelKey = ByteString.CopyFrom(a.ChannelKey), MaskKey = ByteString.CopyFrom(a.MaskKey) };

    public static KeyAdvertisement FromWire(Advertisement a) => new(a.Client, a.ChannelKey.ToByteArray(), a.MaskKey.ToByteArray());

    public static IEnumerable<OwnerShare> ToWire(IReadOnlyDictionary<int, ulong[]> shares) =>
        shares.Select(p =>
        {
            var owner = new OwnerShare { Owner = p.Key };
            owner.Values.AddRange(p.Value);
            return owner;
        });

    public static Dictionary<int, ulong[]> FromWire(IEnumerable<OwnerShare> shares)
    {
        var result = new Dictionary<int, ulong[]>();
        foreach (OwnerShare share in shares)
        {
            if (!result.TryAdd(share.Owner, [.. share.Values]))
            {
                throw new SecAggException($"two shares for client {share.Owner} in one message");
            }
        }

        return result;
    }

    public static ByteString Bytes(ReadOnlySpan<uint> values) => ByteString.CopyFrom(MemoryMarshal.AsBytes(values));

    public static uint[] Words(ByteString bytes) =>
        bytes.Length % sizeof(uint) == 0 ? MemoryMarshal.Cast<byte, uint>(bytes.Span).ToArray() : throw new SecAggException("a masked input is not a whole number of 32-bit words");
}
