namespace Multiwan.Configuration;

/// <summary>A probe target. In YAML either a plain address (<c>192.0.2.1</c>) or a mapping.</summary>
public sealed record TargetConfig
{
    /// <summary>IPv4 address to probe.</summary>
    public string Address { get; init; } = "";

    /// <summary>Overrides the link's method for this target.</summary>
    public ProbeMethod? Method { get; init; }

    /// <summary>TCP/HTTP/DNS port; defaults: tcp 443, http 80 (https 443), dns 53.</summary>
    public int? Port { get; init; }

    /// <summary>HTTP: path requested (default <c>/</c>).</summary>
    public string Path { get; init; } = "/";

    /// <summary>HTTP: host header (default the address).</summary>
    public string? Host { get; init; }

    /// <summary>HTTP: use TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>HTTP: accepted status codes, e.g. <c>200-399</c>.</summary>
    public string ExpectStatus { get; init; } = "200-399";

    /// <summary>DNS: the name to query (type A).</summary>
    public string Query { get; init; } = "example.com";

    /// <summary>DNS: the expected rcode (<c>noerror</c>, <c>nxdomain</c>, ...); unset means any answer counts.</summary>
    public string? ExpectRcode { get; init; }
}

public enum ProbeMethod
{
    Icmp,
    Tcp,
    Http,
    Dns,

    /// <summary>ARP/next-hop reachability: a secondary signal, never a link's only method.</summary>
    Arp,
}
