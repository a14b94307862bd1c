using Multiwan.Netlink;

namespace Multiwan.Daemon;

/// <summary>Which stage an rtnetlink event concerns (pure): a tracked interface, our own routes, or the facts.</summary>
internal static class NetlinkRouting
{
    public enum Action
    {
        /// <summary>Nothing to do: our own apply echoing back, or an interface no link uses.</summary>
        None,

        /// <summary>A tracked link's interface changed (carrier, presence): tell its tracker, then re-read facts.</summary>
        Interface,

        /// <summary>One of our routes vanished (a carrier flap wipes table routes): apply to put it back.</summary>
        Apply,

        /// <summary>Addresses, main-table routes, a resync: re-read facts and re-plan.</summary>
        Facts,
    }

    public static Action Route(NetlinkEvent e, int protocol, LinkSet links) => e switch
    {
        LinkChanged changed => links.Tracks(changed.Name) ? Action.Interface : Action.None,
        RouteChanged route when route.Protocol == protocol => route.Removed ? Action.Apply : Action.None,
        _ => Action.Facts,
    };
}
