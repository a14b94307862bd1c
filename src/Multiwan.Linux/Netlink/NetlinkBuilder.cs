using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Multiwan.Netlink;

/// <summary>
/// Writes netlink requests: a header (<c>struct nlmsghdr</c>), a fixed family header, then attributes, each padded
/// to 4 bytes. Several messages can follow each other in one buffer (one <c>sendmsg</c>).
/// </summary>
internal sealed class NetlinkBuilder
{
    public const ushort Request = 0x1;
    public const ushort Ack = 0x4;
    public const ushort Dump = 0x300;
    public const ushort Replace = 0x100;
    public const ushort Excl = 0x200;
    public const ushort Create = 0x400;

    private byte[] _buffer = new byte[4096];
    private int _start;

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Starts a message; <see cref="End"/> writes its length.</summary>
    public void Begin(ushort type, ushort flags, uint sequence)
    {
        _start = Length;
        var header = Reserve(16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
    }

    /// <summary>Appends a zeroed fixed header of <paramref name="length"/> bytes and returns it to fill in.</summary>
    public Span<byte> Fixed(int length) => Reserve(length);

    public void End() => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_start), (uint)(Length - _start));

    public void Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        var at = Reserve(4 + value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        value.CopyTo(at[4..]);
    }

    public void U32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Attribute(type, bytes);
    }

    /// <summary>A 32-bit value in network byte order (ctnetlink).</summary>
    public void Be32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Attribute(type, bytes);
    }

    public void Be16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        Attribute(type, bytes);
    }

    public void U8(ushort type, byte value) => Attribute(type, [value]);

    public void Address(ushort type, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Attribute(type, address.GetAddressBytes());
    }

    /// <summary>A NUL-terminated string.</summary>
    public void Text(ushort type, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        Attribute(type, bytes);
    }

    /// <summary>Starts a nested attribute (NLA_F_NESTED); <see cref="EndNested"/> writes its length.</summary>
    public int BeginNested(ushort type)
    {
        var at = Length;
        var header = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)(type | 0x8000));
        return at;
    }

    /// <summary>Overwrites a 16-bit length written earlier at <paramref name="at"/> with the bytes written since.</summary>
    public void EndLength(int at) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(at), (ushort)(Length - at));

    public void EndNested(int at) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(at), (ushort)(Length - at));

    /// <summary>Raw bytes (a struct inside an attribute, such as <c>struct rtnexthop</c>), padded to 4.</summary>
    public Span<byte> Raw(int length) => Reserve(length);

    private Span<byte> Reserve(int length)
    {
        var padded = (length + 3) & ~3;
        if (Length + padded > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + padded));
        }

        var span = _buffer.AsSpan(Length, padded);
        span.Clear();
        Length += padded;
        return span[..length];
    }
}
