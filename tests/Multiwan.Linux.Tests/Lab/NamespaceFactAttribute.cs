namespace Multiwan.Lab;

/// <summary>
/// A test that needs root and network namespaces. It is skipped on a machine without them, but never
/// under CI (<c>CI=true</c>): there it runs, and fails loudly if the machine cannot do it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (!Runs)
        {
            Skip = "needs root and network namespaces (ip netns); runs under CI=true";
        }
    }

    /// <summary>Whether namespace tests run here (fixtures build nothing when they do not).</summary>
    public static bool Runs => IsCi || CanUseNamespaces;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool CanUseNamespaces => Environment.UserName == "root" && File.Exists("/usr/sbin/ip") && Directory.Exists("/proc/self/ns");
}
