using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Tests.Tracking;

/// <summary>
/// Drives a two-target <see cref="LinkTracker"/> from a script, one token per step, the clock advancing
/// <see cref="Step"/> before each. Tokens: <c>11 10 01 00</c> (which targets answered; <c>@N</c> sets the RTT in
/// ms, default 10), <c>c- c+</c> carrier, <c>a- a+</c> address, <c>i- i+</c> interface, <c>D U A</c> overrides.
/// The result is one letter per step: O online, G degraded, d disconnecting, X offline, c connecting, D disabled.
/// </summary>
internal static class TrackerScript
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    public static string Run(HealthConfig config, string script, List<LinkTransition>? transitions = null)
    {
        var clock = new FakeTimeProvider();
        var tracker = new LinkTracker("wan1", ["t1", "t2"], config, clock);
        var states = new List<char>();
        foreach (var token in script.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            clock.Advance(Step);
            var now = clock.GetUtcNow();
            var transition = token switch
            {
                "c-" => tracker.OnCarrier(false, now),
                "c+" => tracker.OnCarrier(true, now),
                "a-" => tracker.OnAddress(false, now),
                "a+" => tracker.OnAddress(true, now),
                "i-" => tracker.OnInterfacePresent(false, now),
                "i+" => tracker.OnInterfacePresent(true, now),
                "D" => tracker.SetOverride(LinkOverride.Down, now),
                "U" => tracker.SetOverride(LinkOverride.Up, now),
                "A" => tracker.SetOverride(LinkOverride.Auto, now),
                _ => tracker.OnRound(Round(token, now)),
            };
            if (transition is not null)
            {
                Assert.NotEqual(transition.From, transition.To);
                Assert.Equal(tracker.State, transition.To);
                transitions?.Add(transition);
            }

            states.Add(Letter(tracker.State));
        }

        return new string([.. states]);
    }

    /// <summary>The expected letters with the spaces (used for readability) removed.</summary>
    public static string Letters(string expected) => expected.Replace(" ", "", StringComparison.Ordinal);

    public static RoundResult Round(string token, DateTimeOffset at)
    {
        var parts = token.Split('@');
        var rtt = TimeSpan.FromMilliseconds(parts.Length > 1 ? int.Parse(parts[1], global::System.Globalization.CultureInfo.InvariantCulture) : 10);
        var targets = parts[0].Select((bit, i) => new TargetResult(
            $"t{i + 1}",
            bit == '1' ? ProbeOutcome.Ok(rtt) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(150)))).ToList();
        return new RoundResult("wan1", at, targets);
    }

    private static char Letter(LinkState state) => state switch
    {
        LinkState.Online => 'O',
        LinkState.Degraded => 'G',
        LinkState.Disconnecting => 'd',
        LinkState.Offline => 'X',
        LinkState.Connecting => 'c',
        LinkState.Disabled => 'D',
        _ => '?',
    };

    public static string Repeat(string token, int times) => string.Join(' ', Enumerable.Repeat(token, times));
}
