namespace Multiwan.Netlink;

/// <summary>Reading a listener's events in tests: the next one that matches, and what came instead when none did.</summary>
internal static class NetlinkEventStream
{
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
