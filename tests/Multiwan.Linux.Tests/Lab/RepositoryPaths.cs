namespace Multiwan.Lab;

/// <summary>Paths inside the repository the tests run from (found by walking up to <c>multiwan.slnx</c>).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "multiwan.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no multiwan.slnx above {AppContext.BaseDirectory}");
    }
}
