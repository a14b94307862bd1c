using System.Net.Sockets;
using Multiwan.Lab;

namespace Multiwan.Netlink;

/// <summary>Listeners and their events in tests: a listener that records its sockets, the next event that matches (and what came instead when none did).</summary>
internal static class NetlinkEventStream
{
    /// <summary>A listener in <paramref name="nameSpace"/> that records every socket it opens (so a test can kill one).</summary>
    public static RtnetlinkListener Recording(string nameSpace, List<Socket> opened) => new(TimeProvider.System, open: () =>
    {
        var socket = Netns.Run(nameSpace, RtnetlinkSocket.Open);
        lock (opened)
        {
            opened.Add(socket);
        }

        return socket;
    });

    public static async Task<T> NextAsync<T>(IAsyncEnumerator<NetlinkEvent> events, Func<T, bool> match)
        where T : NetlinkEvent
    {
        var seen = new List<NetlinkEvent>();
        try
        {
            while (await events.MoveNextAsync())
            {
                if (events.Current is T wanted && match(wanted))
                {
                    return wanted;
                }

                seen.Add(events.Current);
            }
        }
        catch (OperationCanceledException)
        {
            // The test's patience ran out: reported below with what did arrive.
        }

        throw new InvalidOperationException($"no matching {typeof(T).Name}; seen: {string.Join("; ", seen)}");
    }
}
