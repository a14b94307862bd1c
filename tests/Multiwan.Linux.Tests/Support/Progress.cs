namespace Multiwan.Support;

/// <summary>
/// "Traffic keeps flowing" judged by work done, not by a rate: waits until a stream's round-trip counter has advanced by
/// a number of round trips. A slow scheduler only makes the wait longer; a stalled or dropped stream still fails it, at
/// the timeout (30 s unless told).
/// </summary>
internal static class Progress
{
    /// <summary>Round trips each phase must complete: a stream that stalls cannot make them.</summary>
    public const int Rounds = 5;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="counter"/> has advanced by <paramref name="rounds"/> or <paramref name="timeout"/> passed; returns how far it advanced.</summary>
    public static async Task<int> WaitAsync(Func<int> counter, int rounds = Rounds, TimeSpan? timeout = null)
    {
        var start = counter();
        var began = TimeProvider.System.GetTimestamp();
        while (counter() - start < rounds && TimeProvider.System.GetElapsedTime(began) < (timeout ?? Patience))
        {
            await Task.Delay(20);
        }

        return counter() - start;
    }
}
