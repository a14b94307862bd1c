using System.Net;
using Multiwan.System;

namespace Multiwan.EndToEnd;

/// <summary>One ping from a lab namespace to an address inside the lab.</summary>
internal static class LabPing
{
    public static async Task<bool> PingAsync(string ns, IPAddress address) =>
        (await new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(5), ns)
            .RunAsync(["ping", "-c", "1", "-W", "1", "-q", address.ToString()], null, CancellationToken.None)).Succeeded;
}
