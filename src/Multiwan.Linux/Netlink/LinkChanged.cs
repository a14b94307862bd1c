namespace Multiwan.Netlink;

/// <summary>RTM_NEWLINK / RTM_DELLINK: an interface appeared, changed or was removed.</summary>
/// <param name="AdminUp">IFF_UP.</param>
/// <param name="Carrier">IFF_LOWER_UP: the physical layer (cable, veth peer, PPP session) is up.</param>
/// <param name="Removed">RTM_DELLINK.</param>
public sealed record LinkChanged(DateTimeOffset At, int Index, string Name, bool AdminUp, bool Carrier, bool Removed) : NetlinkEvent(At)
{
    /// <summary>The interface can carry traffic: present, administratively up and with carrier.</summary>
    public bool Usable => !Removed && AdminUp && Carrier;
}
