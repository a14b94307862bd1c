using System.Threading.Channels;
using Multiwan.Netlink;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Background tasks that turn probe rounds and rtnetlink events into loop messages, until the engine stops.</summary>
internal static class MessagePumps
{
    public static Task RoundsAsync(ChannelReader<RoundResult> rounds, Action<EngineMessage> post, CancellationToken cancellationToken) =>
        PumpAsync(rounds.ReadAllAsync(cancellationToken), r => post(new EngineMessage.Round(r)), cancellationToken);

    public static Task NetlinkAsync(Func<CancellationToken, IAsyncEnumerable<NetlinkEvent>>? listen, Action<EngineMessage> post, CancellationToken cancellationToken) =>
        listen is null ? Task.CompletedTask : PumpAsync(listen(cancellationToken), e => post(new EngineMessage.Netlink(e)), cancellationToken);

    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, Action<T> post, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                post(item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The engine stopped.
        }
    }
}
