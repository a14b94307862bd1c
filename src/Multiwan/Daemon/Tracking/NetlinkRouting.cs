using Multiwan.Netlink;

namespace Multiwan.Daemon;

/// <summary>What an rtnetlink event asks of the kernel stage (pure).</summary>
internal static class NetlinkRouting
{
    public enum Need
    {
        /// <summary>Nothing: our own apply echoing back, or an interface no link uses.</summary>
        Nothing,

        /// <summary>One of our routes vanished (a carrier flap wipes table routes): apply to put it back.</summary>
        Apply,

        /// <summary>A tracked interface, an address, a main-table route, a resync: re-read facts and re-plan.</summary>
        Facts,
    }

    public static Need Route(NetlinkEvent e, int protocol, LinkSet links) => e switch
    {
        LinkChanged changed => links.Tracks(changed.Name) ? Need.Facts : Need.Nothing,
        RouteChanged route when route.Protocol == protocol => route.Removed ? Need.Apply : Need.Nothing,
        _ => Need.Facts,
    };
}
