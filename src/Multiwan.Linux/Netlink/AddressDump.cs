using System.Net.Sockets;

namespace Multiwan.Netlink;

/// <summary>
/// Every address of one family, read now with an RTM_GETADDR dump and parsed exactly as the listener parses address
/// events (<see cref="RtnetlinkParser"/>): the same <see cref="AddressChanged"/> records, with flags and scope. What
/// an IPv6 consumer re-reads after a <see cref="NetlinkResync"/>, and how a link's IPv6 source is found
/// (<c>LinkBindings</c>). Runs in the calling thread's network namespace; a kernel refusal is a value.
/// </summary>
internal static class AddressDump
{
    public static (IReadOnlyList<AddressChanged> Addresses, string? Error) Read(AddressFamily family, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        NetlinkChannel channel;
        try
        {
            channel = NetlinkChannel.Open(NetlinkChannel.Route);
        }
        catch (SocketException e)
        {
            return ([], $"cannot open rtnetlink: {e.Message}");
        }

        using (channel)
        {
            var request = new NetlinkBuilder();
            var sequence = channel.NextSequence();
            request.Begin(Rtnetlink.GetAddr, NetlinkBuilder.Request | NetlinkBuilder.Dump, sequence);
            request.Fixed(8)[0] = family == AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2; // struct ifaddrmsg, ifa_family
            request.End();
            var at = timeProvider.GetUtcNow();
            var addresses = new List<AddressChanged>();
            var errno = channel.Dump(request, sequence, (type, body) =>
            {
                if (type == Rtnetlink.NewAddr && RtnetlinkParser.Address(body, removed: false, at) is { } address && address.Family == family)
                {
                    addresses.Add(address);
                }
            });
            return errno == 0 ? (addresses, null) : ([], $"RTM_GETADDR: {NetlinkChannel.ErrorText(errno)}");
        }
    }
}
