using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>One port forward: connections to <see cref="Port"/> on any WAN go to <see cref="To"/> on the LAN.</summary>
public sealed record ForwardConfig
{
    internal static RecordShape<ForwardConfig> Schema { get; } = new RecordShape<ForwardConfig>(_ => new ForwardConfig())
        .Key("port", Scalars.Text, c => c.Port, (c, v) => c with { Port = v })
        .Key("to", Scalars.Text, c => c.To, (c, v) => c with { To = v })
        .Key("proto", Scalars.Enum<ForwardProtocol>(), c => c.Proto, (c, v) => c with { Proto = v })
        .Key("snat", Scalars.Bool, c => c.Snat, (c, v) => c with { Snat = v })
        .Key("hairpin", Scalars.Bool, c => c.Hairpin, (c, v) => c with { Hairpin = v });

    /// <summary>The WAN-side port or range (<c>8080</c>, <c>5000-5010</c>).</summary>
    public string Port { get; init; } = "";

    /// <summary><c>host</c> or <c>host:port</c>: an IPv4 address on the LAN; without a port the WAN port is kept.</summary>
    public string To { get; init; } = "";

    public ForwardProtocol Proto { get; init; } = ForwardProtocol.Tcp;

    /// <summary>Also rewrite the source to the router's LAN address (the server then need not route back through it).</summary>
    public bool Snat { get; init; }

    /// <summary>LAN hosts reach the forward through a WAN address too (their connections are SNATed to the router).</summary>
    public bool Hairpin { get; init; }

    /// <summary>The host part of <see cref="To"/>.</summary>
    public string ToHost => To.LastIndexOf(':') is var colon and >= 0 ? To[..colon] : To;

    /// <summary>The port part of <see cref="To"/>, or null when it has none.</summary>
    public string? ToPort => To.LastIndexOf(':') is var colon and >= 0 ? To[(colon + 1)..] : null;
}

public enum ForwardProtocol
{
    Tcp,
    Udp,
    Both,
}
