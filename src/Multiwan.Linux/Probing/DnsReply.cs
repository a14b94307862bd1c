using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// How one <see cref="DnsExchange"/> ended: the matching answer, no answer by the deadline, a socket error while
/// asking (<see cref="Error"/>, after <see cref="Elapsed"/>), or no socket at all (<see cref="NoSocketOpened"/>).
/// </summary>
internal readonly record struct DnsReply<T>(T? Answer, TimeSpan Elapsed, SocketException? Error, bool NoSocketOpened)
    where T : struct
{
    public static DnsReply<T> Answered(T answer, TimeSpan elapsed) => new(answer, elapsed, null, false);

    public static DnsReply<T> TimedOut(TimeSpan elapsed) => new(null, elapsed, null, false);

    public static DnsReply<T> Failed(SocketException error, TimeSpan elapsed) => new(null, elapsed, error, false);

    public static DnsReply<T> NoSocket(SocketException error) => new(null, TimeSpan.Zero, error, true);
}
