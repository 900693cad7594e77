using Veil.IO;

namespace Veil.Core.Tests.IO;

public class PrivateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-private-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void File_is_owner_only_while_still_open_and_empty()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_directory, "secret.key");
        using (FileStream stream = PrivateFile.Create(path))
        {
            // Before a byte is written, the mode is already 0600: it was set by open(2), not by a later chmod.
            Assert.Equal(0, stream.Length);
            Assert.Equal(PrivateFile.OwnerOnly, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void An_existing_world_readable_file_is_replaced_by_an_owner_only_one()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_directory, "old.key");
        File.WriteAllText(path, "previous contents, longer than the new ones");
        File.SetUnixFileMode(path, PrivateFile.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

        PrivateFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(PrivateFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }
}
