using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>A probe target. In YAML either a plain address (<c>192.0.2.1</c>) or a mapping.</summary>
public sealed record TargetConfig
{
    internal static RecordShape<TargetConfig> Schema { get; } = new RecordShape<TargetConfig>(_ => new TargetConfig())
        .Key("address", Scalars.Text, c => c.Address, (c, v) => c with { Address = v })
        .Optional("method", Scalars.Enum<ProbeMethod>(), c => c.Method, (c, v) => c with { Method = v })
        .Optional("port", Scalars.Int, c => c.Port, (c, v) => c with { Port = v })
        .Key("path", Scalars.Text, c => c.Path, (c, v) => c with { Path = v })
        .Optional("host", Scalars.Text, c => c.Host, (c, v) => c with { Host = v })
        .Key("tls", Scalars.Bool, c => c.Tls, (c, v) => c with { Tls = v })
        .Key("expect_status", Scalars.Text, c => c.ExpectStatus, (c, v) => c with { ExpectStatus = v })
        .Key("query", Scalars.Text, c => c.Query, (c, v) => c with { Query = v })
        .Optional("expect_rcode", Scalars.Text, c => c.ExpectRcode, (c, v) => c with { ExpectRcode = v })
        .WrittenAs("address");

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
