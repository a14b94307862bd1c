using System.Globalization;
using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Probing;

/// <summary>A resolved probe target: the config's target with the link's method and the method's defaults applied.</summary>
public sealed record ProbeTarget
{
    /// <summary>The address probed; for a <see cref="HostName"/> target, the name's address once resolved (<see cref="ResolvingProbe"/>).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The host name the config gave instead of an address, resolved through the link; null for an address.</summary>
    public string? HostName { get; init; }

    public ProbeMethod Method { get; init; } = ProbeMethod.Icmp;

    /// <summary>TCP/HTTP/DNS port (ignored for ICMP).</summary>
    public int Port { get; init; }

    public string Path { get; init; } = "/";

    public string? Host { get; init; }

    public bool Tls { get; init; }

    public int ExpectStatusFrom { get; init; } = 200;

    public int ExpectStatusTo { get; init; } = 399;

    public string Query { get; init; } = "example.com";

    /// <summary>DNS: the rcode that counts as an answer; null means any answer.</summary>
    public int? ExpectRcode { get; init; }

    /// <summary>How the target is shown and keyed in statistics (an IPv6 address in brackets before a port, as in a URL).</summary>
    public string Name => Method switch
    {
        ProbeMethod.Icmp => Shown,
        ProbeMethod.Tcp => $"tcp://{WithPort}:{Port}",
        ProbeMethod.Http => $"{(Tls ? "https" : "http")}://{WithPort}:{Port}{Path}",
        ProbeMethod.Dns => $"dns://{WithPort}:{Port}/{Query}",
        _ => $"{Method.ToString().ToLowerInvariant()}://{Shown}",
    };

    private string Shown => HostName ?? Address.ToString();

    private string WithPort => HostName is null && Address.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Shown;

    public override string ToString() => Name;

    /// <summary>Resolves a configured target; the config validator has already checked the address and status range.</summary>
    public static ProbeTarget From(TargetConfig config, ProbeMethod linkMethod)
    {
        var method = config.Method ?? linkMethod;
        var (from, to) = ParseStatusRange(config.ExpectStatus);
        var named = !IPAddress.TryParse(config.Address, out var address);
        return new ProbeTarget
        {
            Address = named ? IPAddress.Any : address!,
            HostName = named ? config.Address : null,
            Method = method,
            Port = config.Port ?? DefaultPort(method, config.Tls),
            Path = config.Path,
            Host = config.Host ?? (named && method == ProbeMethod.Http ? config.Address : null),
            Tls = config.Tls,
            ExpectStatusFrom = from,
            ExpectStatusTo = to,
            Query = config.Query,
            ExpectRcode = config.ExpectRcode is null ? null : DnsPacket.ParseRcode(config.ExpectRcode),
        };
    }

    public static int DefaultPort(ProbeMethod method, bool tls) => method switch
    {
        ProbeMethod.Tcp => 443,
        ProbeMethod.Http => tls ? 443 : 80,
        ProbeMethod.Dns => 53,
        _ => 0,
    };

    private static (int From, int To) ParseStatusRange(string text)
    {
        var parts = text.Split('-', 2);
        var from = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return (from, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : from);
    }
}
