using System.Net.Sockets;

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

    /// <summary>
    /// Echo round trips of <paramref name="size"/> bytes over <paramref name="socket"/> until <paramref name="cancellationToken"/>
    /// is cancelled, calling <paramref name="roundTrip"/> after each. A stalled connection does not hang the test: the
    /// cancellation ends the wait, and the counter (asserted by the caller) says it stalled. A connection closed by
    /// the peer fails at once.
    /// </summary>
    public static async Task EchoLoopAsync(Socket socket, Action roundTrip, CancellationToken cancellationToken, int size = 512)
    {
        var buffer = new byte[size];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await socket.SendAsync(buffer, cancellationToken);
                for (var got = 0; got < buffer.Length;)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(got), cancellationToken);
                    Assert.NotEqual(0, n); // The connection must never be dropped.
                    got += n;
                }

                roundTrip();
                await Task.Delay(5, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller, possibly in the middle of a stalled round trip.
        }
    }
}
