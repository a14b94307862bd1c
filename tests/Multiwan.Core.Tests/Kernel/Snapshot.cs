using System.Runtime.CompilerServices;

namespace Multiwan.Kernel;

/// <summary>
/// Compares text with <c>Snapshots/NAME.txt</c> next to this file. On a mismatch (or when the file is missing) the
/// actual text is written to <c>Snapshots/NAME.received</c> and the test fails; review it and rename it to accept.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        var expectedPath = Path.Combine(directory, name + ".txt");
        var receivedPath = Path.Combine(directory, name + ".received");
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"no snapshot {expectedPath}; the actual output is in {receivedPath}"
            : $"snapshot {expectedPath} differs; the actual output is in {receivedPath} (diff them, rename to accept)");
    }
}
