namespace Multiwan.Lab;

/// <summary>Which end of a router WAN cable a carrier fault acts on.</summary>
public enum LabSide
{
    /// <summary>The ISP's end (the router sees NO-CARRIER; its addresses and routes stay).</summary>
    Isp,

    /// <summary>The router's own device (admin down: the kernel drops its routes; the lab re-adds the default on up, like a DHCP client).</summary>
    Router,
}
