using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Control;

/// <summary>A dual-stack link's IPv6 side in <see cref="LinkStatus"/>: its own state (health per family), share, address and figures.</summary>
public sealed record Ipv6LinkStatus
{
    public required LinkState State { get; init; }

    public required DateTimeOffset Since { get; init; }

    /// <summary>Whether new IPv6 connections are sent to it now.</summary>
    public bool Carrying { get; init; }

    /// <summary>Its share of new IPv6 connections in the default policy, 0–100.</summary>
    public double SharePercent { get; init; }

    public string? Address { get; init; }

    public string? Gateway { get; init; }

    public double? RttMs { get; init; }

    public double? LossPercent { get; init; }

    public LinkEvent? LastEvent { get; init; }
}
