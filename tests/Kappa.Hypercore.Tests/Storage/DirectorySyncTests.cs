using Kappa.Hypercore.Storage;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Storage;

/// <summary>
/// A file created in directories that did not exist is flushed together with the entries that
/// name it (each new directory in its parent), so fsync durability also covers new feeds.
/// </summary>
public class DirectorySyncTests
{
    [Fact]
    public async Task Flushing_a_file_created_in_new_directories_syncs_them_and_keeps_the_bytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("store", "0", "data");
        await using (var file = new FileStorage(path))
        {
            file.Write(0, "hello"u8);
            Assert.Equal([dir.Combine("store", "0"), dir.Combine("store"), dir.Path], file.PendingDirectorySyncs);
            file.Flush(); // fsyncs the file, then 0/ in store/, store/ in the temp directory
            Assert.Null(file.PendingDirectorySyncs);
            file.Write(5, "!"u8);
            Assert.Null(file.PendingDirectorySyncs); // the entries are durable already
            file.Flush(); // only the file again
        }
        Assert.Equal("hello!"u8.ToArray(), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public void Syncing_a_directory_that_is_gone_is_a_typed_storage_error()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<StorageException>(() => DirectorySync.Flush(dir.Combine("missing")));
        Assert.Equal(StorageException.IoCode, e.Code);
    }
}
