namespace Multiwan.Packaging;

/// <summary>
/// A test of a shipped artifact named by an environment variable (<c>scripts/test.sh</c> builds the packages and
/// sets <c>MULTIWAN_DEB</c>, <c>MULTIWAN_DEB_ARM64</c> and <c>MULTIWAN_BIN</c>, the native binary). Skipped when the variable is unset or not root, but never
/// under CI (<c>CI=true</c>): there it runs, and fails loudly if the package is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PackageFactAttribute : FactAttribute
{
    public const string Amd64 = "MULTIWAN_DEB";
    public const string Arm64 = "MULTIWAN_DEB_ARM64";
    public const string NativeBinary = "MULTIWAN_BIN";

    public PackageFactAttribute(string variable)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)) || Environment.UserName != "root"))
        {
            Skip = $"needs root and ${variable} (built by packaging/build-deb.sh; scripts/test.sh sets it); runs under CI=true";
        }
    }

    /// <summary>The package file the variable names; throws (fails the test) when it is not there.</summary>
    public static string Deb(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new InvalidOperationException($"${variable} does not name a .deb (got '{Environment.GetEnvironmentVariable(variable)}')");
}
