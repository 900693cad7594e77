using System.Buffers.Binary;

namespace Veil.IO;

/// <summary>
/// The four-letter tag that says what a Veil binary object is ("MODL" a model, "CKCT" a CKKS ciphertext, ...).
/// Reading an object checks its tag, so a key file handed where a ciphertext is expected fails clearly.
/// </summary>
public readonly record struct ObjectKind
{
    /// <summary>Creates a kind from exactly four printable ASCII characters.</summary>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is not four printable ASCII characters.</exception>
    public ObjectKind(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        Guard.IsTrue(tag.Length == 4 && tag.All(c => c is >= '!' and <= '~'), nameof(tag), "must be four printable ASCII characters");
        Tag = tag;
    }

    /// <summary>The four-letter tag.</summary>
    public string Tag { get; }

    /// <summary>The tag as a 32-bit big-endian word, as written in the envelope header.</summary>
    internal uint Code => BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(Tag));

    /// <inheritdoc />
    public override string ToString() => Tag;

    internal static string Describe(uint code)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, code);
        foreach (byte b in bytes)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                return $"0x{code:X8}";
            }
        }

        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
