namespace Multiwan.Configuration;

/// <summary>Finds the repository's <c>examples/</c> by walking up from the test assembly to the directory holding multiwan.slnx.</summary>
internal static class ExampleFiles
{
    public static string Directory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "multiwan.slnx")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException($"no multiwan.slnx above {AppContext.BaseDirectory}")
            : Path.Combine(directory.FullName, "examples");
    }

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory()).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
