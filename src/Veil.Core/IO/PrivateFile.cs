namespace Veil.IO;

/// <summary>
/// Creates files that only their owner may read: secret keys, private certificates, secret shares.
/// </summary>
/// <remarks>
/// On Unix the file is created with mode 0600 by the <c>open</c> call itself, so there is no moment at which another
/// user could open it (which a <c>chmod</c> after writing would leave). An existing file is removed first, because an
/// existing file keeps its mode when it is truncated. On Windows the file inherits the folder's access list.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class PrivateFile
{
    /// <summary>Owner read and write (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates (or replaces) <paramref name="path"/> for writing, readable by its owner only.</summary>
    /// <param name="path">The file to create.</param>
    /// <returns>A stream positioned at the start of the empty file.</returns>
    /// <exception cref="IOException">The file cannot be removed or created.</exception>
    /// <exception cref="UnauthorizedAccessException">The caller may not write there.</exception>
    public static FileStream Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.Delete(path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }

    /// <summary>Writes <paramref name="contents"/> to a new owner-only file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be removed, created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The caller may not write there.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        using FileStream file = Create(path);
        file.Write(contents);
    }
}
