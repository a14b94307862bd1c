using System.Buffers.Binary;

namespace Multiwan.Netlink;

/// <summary>
/// Deletes conntrack entries by mark over ctnetlink (NETLINK_NETFILTER): one IPCTNL_MSG_CT_DELETE carrying
/// CTA_MARK/CTA_MARK_MASK and no tuple is the kernel's filtered flush — one walk of the table, every family, only
/// the entries whose mark matches. One family's entries (a dual-stack link whose IPv6 died keeps its IPv4 flows) are
/// dumped by mark and deleted one by one. How many went is the namespace's entry count (IPCTNL_MSG_CT_GET_STATS) before
/// minus after: exact unless other connections start or end during the flush itself.
/// </summary>
internal sealed class CtnetlinkClient(NetlinkChannel channel) : IDisposable
{
    private const ushort CtDelete = 0x102; // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE
    private const ushort CtGetStats = 0x105;
    private const ushort CtGet = 0x101;
    private const ushort CtaTupleOrig = 1;
    private const ushort NlaNested = 0x8000;
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;
    private const int Enoent = 2;
    private const int DeleteBatch = 256;
    private const ushort CtaMark = 8;
    private const ushort CtaMarkMask = 21;
    private const ushort CtaStatsGlobalEntries = 1;

    private readonly NetlinkBuilder _request = new();

    /// <summary>How many entries with (mark &amp; mask) == mark were deleted, or the kernel's refusal.</summary>
    public (int Deleted, string? Error) DeleteByMark(uint mark, uint mask, global::System.Net.Sockets.AddressFamily family = global::System.Net.Sockets.AddressFamily.Unspecified)
    {
        if (family != global::System.Net.Sockets.AddressFamily.Unspecified)
        {
            return DeleteFamilyByMark(mark, mask, family == global::System.Net.Sockets.AddressFamily.InterNetworkV6 ? AfInet6 : AfInet);
        }

        var (before, error) = Entries();
        if (error is not null || before == 0)
        {
            // An empty table has nothing of this mark: no walk of the hash table (every bucket, even when empty).
            return (0, error);
        }

        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(CtDelete, NetlinkBuilder.Request | NetlinkBuilder.Ack, sequence);
        _request.Fixed(4); // struct nfgenmsg: AF_UNSPEC, version 0 (every family), res_id 0.
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

    /// <summary>
    /// One family only: the kernel's filtered flush ignores the family (measured on 6.18: an AF_INET6 flush by mark took
    /// the IPv4 entries too), so the entries of that family and mark are dumped (the kernel filters the dump by mark)
    /// and each is deleted by its original tuple, copied from the dump, in batches of one datagram.
    /// </summary>
    private (int Deleted, string? Error) DeleteFamilyByMark(uint mark, uint mask, byte family)
    {
        var tuples = new List<byte[]>();
        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(CtGet, NetlinkBuilder.Request | NetlinkBuilder.Dump, sequence);
        _request.Fixed(4)[0] = family;
        _request.Be32(CtaMark, mark);
        _request.Be32(CtaMarkMask, mask);
        _request.End();
        var errno = channel.Dump(_request, sequence, (type, body) =>
        {
            if (body.Length < 4 || body[0] != family)
            {
                return;
            }

            foreach (var a in new NetlinkAttributes(body[4..]))
            {
                if (a.Type == CtaTupleOrig)
                {
                    tuples.Add(a.Value.ToArray());
                }
            }
        });
        if (errno != 0)
        {
            return (0, Refused(errno));
        }

        var deleted = 0;
        foreach (var batch in tuples.Chunk(DeleteBatch))
        {
            _request.Clear();
            var first = channel.NextSequence();
            for (var i = 0; i < batch.Length; i++)
            {
                _request.Begin(CtDelete, NetlinkBuilder.Request | NetlinkBuilder.Ack, first + (uint)i);
                _request.Fixed(4)[0] = family;
                _request.Attribute(CtaTupleOrig | NlaNested, batch[i]);
                _request.End();
                if (i > 0)
                {
                    channel.NextSequence();
                }
            }

            // An entry that ended between the dump and its delete is not an error (ENOENT).
            var answers = channel.Transact(_request, first, batch.Length);
            deleted += answers.Count(e => e == 0);
            if (answers.FirstOrDefault(e => e is not (0 or Enoent)) is var failure and not 0)
            {
                return (deleted, Refused(failure));
            }
        }

        return (deleted, null);
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
