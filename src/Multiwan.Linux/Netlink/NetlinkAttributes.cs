using System.Buffers.Binary;

namespace Multiwan.Netlink;

/// <summary>
/// Walks the attributes (<c>struct nlattr</c>: length, type, value, padded to 4) of one netlink message body
/// without copying. A truncated or malformed attribute ends the walk; unknown types are the caller's to skip.
/// </summary>
internal ref struct NetlinkAttributes(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public NetlinkAttribute Current { get; private set; }

    public readonly NetlinkAttributes GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset + 4 > _data.Length)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(_data[_offset..]);
        if (length < 4 || _offset + length > _data.Length)
        {
            return false;
        }

        var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_data[(_offset + 2)..]) & 0x3fff);
        Current = new NetlinkAttribute(type, _data.Slice(_offset + 4, length - 4));
        _offset += (length + 3) & ~3;
        return true;
    }
}

/// <summary>One attribute: its type (nested/byte-order flags masked off) and value.</summary>
internal readonly ref struct NetlinkAttribute(ushort type, ReadOnlySpan<byte> value)
{
    public ushort Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;

    public uint U32 => Value.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Value) : 0;

    public int I32 => (int)U32;

    public byte U8 => Value.Length >= 1 ? Value[0] : (byte)0;

    public global::System.Net.IPAddress? Ipv4 => Value.Length == 4 ? new global::System.Net.IPAddress(Value) : null;

    /// <summary>An IPv4 or IPv6 address (4 or 16 bytes).</summary>
    public global::System.Net.IPAddress? Ip => Value.Length is 4 or 16 ? new global::System.Net.IPAddress(Value) : null;

    public string Text => global::System.Text.Encoding.UTF8.GetString(Value).TrimEnd('\0');
}
