namespace Multiwan.Netlink;

/// <summary>Something rtnetlink told us; <see cref="At"/> is when it was read.</summary>
public abstract record NetlinkEvent(DateTimeOffset At);
