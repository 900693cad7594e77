namespace Veil.Mpc.Transport;

/// <summary>
/// The frame types of <see cref="TlsTransport"/>. A frame is a 4-byte little-endian payload length, a type byte,
/// and the payload.
/// </summary>
internal enum FrameType : byte
{
    /// <summary>A whole message, or the last part of one.</summary>
    Message = 0,

    /// <summary>A part of a message; more parts follow.</summary>
    Part = 1,

    /// <summary>The sender aborts the session; the payload is the reason in UTF-8.</summary>
    Abort = 2,

    /// <summary>The sender ends the session normally.</summary>
    Bye = 3,

    /// <summary>The first frame each way: magic, version and the sender's endpoint id.</summary>
    Hello = 4,
}
