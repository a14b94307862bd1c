using System.Net;
using Multiwan.Lab;
using Multiwan.Netlink;

namespace Multiwan.Bench;

/// <summary>
/// Creates real conntrack entries in a lab namespace over ctnetlink (IPCTNL_MSG_CT_NEW, what <c>conntrack -I</c>
/// sends): UDP flows from the LAN client to one lab target, each with its own source port, a mark and a timeout.
/// Only lab addresses; no packet is sent.
/// </summary>
internal sealed class ConntrackInserter : IDisposable
{
    private const ushort CtNew = 0x100;
    private const int Batch = 500;
    private readonly NetlinkChannel _channel;
    private readonly NetlinkBuilder _request = new();

    public ConntrackInserter(string networkNamespace) =>
        _channel = Netns.Run(networkNamespace, () => NetlinkChannel.Open(NetlinkChannel.Netfilter));

    /// <summary>Inserts <paramref name="count"/> entries <paramref name="source"/>:(firstPort..) → <paramref name="target"/>:9 marked <paramref name="mark"/>; how many the kernel took.</summary>
    public int Insert(IPAddress source, IPAddress target, int firstPort, int count, uint mark)
    {
        var created = 0;
        for (var start = 0; start < count; start += Batch)
        {
            _request.Clear();
            var n = Math.Min(Batch, count - start);
            var first = _channel.NextSequence();
            for (var i = 0; i < n; i++)
            {
                var sequence = i == 0 ? first : _channel.NextSequence();
                _request.Begin(CtNew, NetlinkBuilder.Request | NetlinkBuilder.Ack | NetlinkBuilder.Create | NetlinkBuilder.Excl, sequence);
                _request.Fixed(4)[0] = 2; // nfgenmsg: AF_INET, version 0
                var port = (ushort)(firstPort + start + i);
                Tuple(1, source, target, port, 9);
                Tuple(2, target, source, 9, port);
                _request.Be32(7, 600); // CTA_TIMEOUT, seconds
                _request.Be32(8, mark); // CTA_MARK
                _request.End();
            }

            created += _channel.Transact(_request, first, n).Count(e => e == 0);
        }

        return created;
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>CTA_TUPLE_ORIG (1) or CTA_TUPLE_REPLY (2): { CTA_TUPLE_IP { v4 src, v4 dst }, CTA_TUPLE_PROTO { udp, sport, dport } }.</summary>
    private void Tuple(ushort type, IPAddress from, IPAddress to, ushort fromPort, ushort toPort)
    {
        var tuple = _request.BeginNested(type);
        var ip = _request.BeginNested(1);
        _request.Address(1, from);
        _request.Address(2, to);
        _request.EndNested(ip);
        var proto = _request.BeginNested(2);
        _request.U8(1, 17);
        _request.Be16(2, fromPort);
        _request.Be16(3, toPort);
        _request.EndNested(proto);
        _request.EndNested(tuple);
    }
}
