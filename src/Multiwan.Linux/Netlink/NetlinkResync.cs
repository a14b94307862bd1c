namespace Multiwan.Netlink;

/// <summary>Events may have been missed (the socket was (re)opened or its buffer overflowed): re-read the whole state.</summary>
public sealed record NetlinkResync(DateTimeOffset At, string Reason) : NetlinkEvent(At);
