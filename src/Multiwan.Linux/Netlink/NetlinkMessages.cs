using System.Buffers.Binary;

namespace Multiwan.Netlink;

/// <summary>Walks the messages (<c>struct nlmsghdr</c> then body, padded to 4) of one received datagram; a malformed length ends the walk.</summary>
internal ref struct NetlinkMessages(ReadOnlySpan<byte> datagram)
{
    private readonly ReadOnlySpan<byte> _data = datagram;
    private int _offset;

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessages GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset + 16 > _data.Length)
        {
            return false;
        }

        var message = _data[_offset..];
        var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
        if (size < 16 || size > message.Length)
        {
            return false;
        }

        Current = new NetlinkMessage(BinaryPrimitives.ReadUInt16LittleEndian(message[4..]), BinaryPrimitives.ReadUInt32LittleEndian(message[8..]), message[16..size]);
        _offset += (size + 3) & ~3;
        return true;
    }
}

/// <summary>One message: its type, sequence number and body.</summary>
internal readonly ref struct NetlinkMessage(ushort type, uint sequence, ReadOnlySpan<byte> body)
{
    public ushort Type { get; } = type;

    public uint Sequence { get; } = sequence;

    public ReadOnlySpan<byte> Body { get; } = body;

    /// <summary>For NLMSG_ERROR: the errno (positive; 0 is an acknowledgement).</summary>
    public int Errno => Body.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(Body) : 0;
}
