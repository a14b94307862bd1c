using System.Buffers.Binary;

namespace Multiwan.Netlink;

/// <summary>
/// Deletes conntrack entries by mark over ctnetlink (NETLINK_NETFILTER): one IPCTNL_MSG_CT_DELETE carrying
/// CTA_MARK/CTA_MARK_MASK and no tuple is the kernel's filtered flush — one walk of the table, only the entries whose
/// mark matches, of every family or of the one named in the message's nfgenmsg (a link whose IPv6 died keeps its IPv4 flows). How many went is the namespace's entry count (IPCTNL_MSG_CT_GET_STATS) before
/// minus after: exact unless other connections start or end during the flush itself.
/// </summary>
internal sealed class CtnetlinkClient(NetlinkChannel channel) : IDisposable
{
    private const ushort CtDelete = 0x102; // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE
    private const ushort CtGetStats = 0x105;
    private const ushort CtaMark = 8;
    private const ushort CtaMarkMask = 21;
    private const ushort CtaStatsGlobalEntries = 1;

    private readonly NetlinkBuilder _request = new();

    /// <summary>How many entries with (mark &amp; mask) == mark were deleted, or the kernel's refusal.</summary>
    public (int Deleted, string? Error) DeleteByMark(uint mark, uint mask, global::System.Net.Sockets.AddressFamily family = global::System.Net.Sockets.AddressFamily.Unspecified)
    {
        var (before, error) = Entries();
        if (error is not null || before == 0)
        {
            // An empty table has nothing of this mark: no walk of the hash table (every bucket, even when empty).
            return (0, error);
        }

        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(CtDelete, NetlinkBuilder.Request | NetlinkBuilder.Ack, sequence);
        // struct nfgenmsg: family (AF_UNSPEC: every family; AF_INET/AF_INET6: the kernel's filter keeps only that one), version 0, res_id 0.
        _request.Fixed(4)[0] = family switch
        {
            global::System.Net.Sockets.AddressFamily.InterNetwork => 2,
            global::System.Net.Sockets.AddressFamily.InterNetworkV6 => 10,
            _ => 0,
        };
        _request.Be32(CtaMark, mark);
        _request.Be32(CtaMarkMask, mask);
        _request.End();
        var errno = channel.Transact(_request, sequence, 1)[0];
        if (errno != 0)
        {
            return (0, Refused(errno));
        }

        var (after, afterError) = Entries();
        return (Math.Max(0, before - after), afterError);
    }

    public void Dispose() => channel.Dispose();

    /// <summary>The namespace's conntrack entry count (CTA_STATS_GLOBAL_ENTRIES).</summary>
    private (int Count, string? Error) Entries()
    {
        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(CtGetStats, NetlinkBuilder.Request | NetlinkBuilder.Ack, sequence);
        _request.Fixed(4);
        _request.End();
        var count = -1;
        var errno = channel.Dump(_request, sequence, (type, body) =>
        {
            foreach (var a in new NetlinkAttributes(body.Length > 4 ? body[4..] : []))
            {
                count = a.Type == CtaStatsGlobalEntries && a.Value.Length == 4 ? (int)BinaryPrimitives.ReadUInt32BigEndian(a.Value) : count;
            }
        });
        return errno != 0 ? (0, Refused(errno)) : count < 0 ? (0, "ctnetlink: no entry count in the statistics") : (count, null);
    }

    private static string Refused(int errno) => "ctnetlink answers: " + NetlinkChannel.ErrorText(errno);
}
