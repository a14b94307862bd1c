using System.Net;

namespace Multiwan.Lab;

/// <summary>
/// The router namespace's own <c>resolv.conf</c>: <c>/etc/netns/NAME/resolv.conf</c>, which <c>ip netns exec NAME</c>
/// bind-mounts over <c>/etc/resolv.conf</c> (iproute2's per-namespace <c>/etc</c>). Only that directory is ever written
/// or deleted; <c>/etc/resolv.conf</c> itself and other namespaces' directories are never touched.
/// </summary>
internal static class LabResolvConf
{
    public const string EtcNetns = "/etc/netns";

    /// <summary><c>/etc/netns/NAME</c>.</summary>
    public static string DirectoryOf(string nameSpace) => Path.Combine(EtcNetns, nameSpace);

    /// <summary>Writes one <c>nameserver</c> line per address, in order; each must be a lab target.</summary>
    public static void Write(LabTopology lab, IReadOnlyList<IPAddress> nameservers)
    {
        if (nameservers.FirstOrDefault(n => !lab.Targets.Contains(n) && !lab.Targets6.Contains(n)) is { } stranger)
        {
            throw new ArgumentException($"lab: nameserver {stranger} is not a lab target", nameof(nameservers));
        }

        var directory = DirectoryOf(lab.RouterNamespace);
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, "resolv.conf"), nameservers.Select(n => $"nameserver {n}"));
    }

    /// <summary>Deletes <c>/etc/netns/NAME</c> when it exists (synchronous, best effort: teardown also runs at process exit).</summary>
    public static void Delete(string nameSpace)
    {
        if (!nameSpace.StartsWith(LabRegistry.NamePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"lab: {nameSpace} is not a lab namespace", nameof(nameSpace));
        }

        try
        {
            Directory.Delete(DirectoryOf(nameSpace), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never written (the option was off), or already deleted.
        }
    }
}
