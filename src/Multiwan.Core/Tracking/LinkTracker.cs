using Multiwan.Configuration;

namespace Multiwan.Tracking;

/// <summary>
/// The health state machine of one link (pure: fed rounds, interface events and operator overrides, each with
/// its timestamp; it returns a <see cref="LinkTransition"/> when the link's visible state changes).
/// <list type="bullet">
/// <item>online: one failed round is noise, not news — it only starts fast follow-up probing; the second
/// failed round in a row is <c>disconnecting</c> (still carries traffic); <c>down_after</c> consecutive
/// failed rounds are offline; any successful round before that clears it.</item>
/// <item>offline → connecting on the first successful round; → online after <c>up_after</c> consecutive
/// successes and <c>hold_down</c> spent in connecting; any failure in connecting → offline.</item>
/// <item>online ↔ degraded by the quality thresholds, with hysteresis (<see cref="QualityGate"/>).</item>
/// <item>carrier, address or interface lost → offline at once; all back → connecting.</item>
/// <item>at start (<c>initial_state: connecting</c>) the hold-down is waived and failures count towards
/// <c>down_after</c>: there was no outage to be wary of, and a restart must not drop a healthy link.</item>
/// </list>
/// Operator overrides mask the state (disabled / forced online) while the health machine keeps running.
/// </summary>
public sealed class LinkTracker
{
    /// <summary>Consecutive failed rounds before an online link is reported <c>disconnecting</c>.</summary>
    private const int SuspectRounds = 2;

    private readonly HealthConfig _config;
    private readonly ProbeWindow[] _windows;
    private readonly QualityGate _quality;
    private LinkState _health;
    private bool _startup;
    private int _failStreak;
    private int _okStreak;
    private DateTimeOffset _connectingSince;
    private bool _carrier = true;
    private bool _address = true;
    private bool _present = true;

    public LinkTracker(string link, IReadOnlyList<string> targets, HealthConfig config, TimeProvider timeProvider)
    {
        Link = link;
        _config = config;
        _windows = [.. targets.Select(t => new ProbeWindow(t, config.Window))];
        _quality = new QualityGate(config.Quality, config.Window);
        Since = timeProvider.GetUtcNow();
        _connectingSince = Since;
        (_health, _startup) = config.InitialState switch
        {
            InitialState.Online => (LinkState.Online, false),
            InitialState.Offline => (LinkState.Offline, false),
            _ => (LinkState.Connecting, true),
        };
    }

    public string Link { get; }

    /// <summary>The visible state: the health state, masked by an operator override.</summary>
    public LinkState State => Override switch
    {
        LinkOverride.Down => LinkState.Disabled,
        LinkOverride.Up => LinkState.Online,
        _ => HealthState,
    };

    /// <summary>What the probes and interface events say, whatever the override.</summary>
    public LinkState HealthState => _health == LinkState.Online && _quality.Degraded ? LinkState.Degraded : _health;

    public LinkOverride Override { get; private set; }

    /// <summary>When <see cref="State"/> last changed (or the tracker was created).</summary>
    public DateTimeOffset Since { get; private set; }

    public IReadOnlyList<TargetStats> Targets => [.. _windows.Select(w => w.Stats())];

    public LinkStats Stats => LinkStats.FromTargets(Targets, _config.MinTargets.Of(Targets.Count(t => !t.Secondary)));

    /// <summary>
    /// Fast follow-up probing while a miss is being confirmed (a failed round while online, or disconnecting) and
    /// while a recovery is being confirmed (connecting). Offline links are probed at the calm interval: recovery then takes at most
    /// interval + hold_down (3 s with the defaults), and a link that is down for days costs five times less.
    /// </summary>
    public bool WantsFastProbing => _health is LinkState.Disconnecting or LinkState.Connecting
        || (_health == LinkState.Online && _failStreak > 0);

    public TimeSpan ProbeInterval => WantsFastProbing ? _config.FastInterval : _config.Interval;

    private bool PhysicallyUp => _carrier && _address && _present;

    public LinkTransition? OnRound(RoundResult round)
    {
        if (round.Targets.Count != _windows.Length)
        {
            throw new ArgumentException($"link {Link}: round has {round.Targets.Count} targets, tracker has {_windows.Length}", nameof(round));
        }

        var before = State;
        var ok = round.Succeeded(_config.MinTargets);
        if (ok && _health == LinkState.Offline && PhysicallyUp)
        {
            // A new up period starts: figures describe it, not the outage before it.
            ResetFigures();
        }

        for (var i = 0; i < _windows.Length; i++)
        {
            _windows[i].Add(round.Targets[i].Outcome, round.Targets[i].Secondary);
        }

        var reason = PhysicallyUp ? Step(ok, round, round.At) : null;
        return Emit(before, round.At, reason, TransitionCause.Probe);
    }

    public LinkTransition? OnCarrier(bool up, DateTimeOffset at) =>
        Physical(() => _carrier = up, up ? "carrier back" : "carrier lost", at, TransitionCause.Carrier);

    public LinkTransition? OnAddress(bool present, DateTimeOffset at) =>
        Physical(() => _address = present, present ? "address back" : "address lost", at, TransitionCause.Address);

    public LinkTransition? OnInterfacePresent(bool present, DateTimeOffset at) =>
        Physical(() => _present = present, present ? "interface appeared" : "interface removed", at, TransitionCause.Interface);

    public LinkTransition? SetOverride(LinkOverride value, DateTimeOffset at)
    {
        var before = State;
        Override = value;
        return Emit(before, at, $"operator: {value.ToString().ToLowerInvariant()}", TransitionCause.Operator);
    }

    private string? Step(bool ok, RoundResult round, DateTimeOffset at)
    {
        // Described only on the branches that report it: the common online-and-answered round needs no text.
        string Answered() => round.Describe();

        switch (_health)
        {
            case LinkState.Online when ok:
                _failStreak = 0;
                return _quality.Update(Stats) ? (_quality.Degraded ? "quality: " : "") + _quality.Reason : null;
            case LinkState.Online:
                if (++_failStreak >= _config.DownAfter)
                {
                    return GoOffline($"{_failStreak} consecutive failed rounds ({Answered()})");
                }

                if (_failStreak < SuspectRounds)
                {
                    return null;
                }

                _health = LinkState.Disconnecting;
                return $"{_failStreak} consecutive failed rounds ({Answered()})";
            case LinkState.Disconnecting when ok:
                _failStreak = 0;
                _health = LinkState.Online;
                _quality.Update(Stats);
                return $"round succeeded before the down threshold ({Answered()})";
            case LinkState.Disconnecting:
                return ++_failStreak >= _config.DownAfter ? GoOffline($"{_failStreak} consecutive failed rounds ({Answered()})") : null;
            case LinkState.Offline when ok:
                _okStreak = 1;
                _connectingSince = at;
                _health = LinkState.Connecting;
                return TryComplete(at) ?? $"round succeeded ({Answered()})";
            case LinkState.Connecting when ok:
                _failStreak = 0;
                _okStreak++;
                return TryComplete(at);
            case LinkState.Connecting when _startup:
                _okStreak = 0;
                return ++_failStreak >= _config.DownAfter ? GoOffline($"{_failStreak} consecutive failed rounds at start ({Answered()})") : null;
            case LinkState.Connecting:
                return GoOffline($"round failed while connecting ({Answered()})");
            default:
                return null;
        }
    }

    private string? TryComplete(DateTimeOffset at)
    {
        var held = at - _connectingSince;
        if (_okStreak < _config.UpAfter || (!_startup && held < _config.HoldDown))
        {
            return null;
        }

        _health = LinkState.Online;
        _startup = false;
        _failStreak = 0;
        _quality.Update(Stats);
        return $"{_okStreak} consecutive successful rounds, {held.TotalSeconds:0.###} s in connecting";
    }

    private string GoOffline(string reason)
    {
        _health = LinkState.Offline;
        _startup = false;
        _okStreak = 0;
        _failStreak = 0;
        return reason;
    }

    private LinkTransition? Physical(Action change, string reason, DateTimeOffset at, TransitionCause cause)
    {
        var before = State;
        var wasUp = PhysicallyUp;
        change();
        if (wasUp && !PhysicallyUp)
        {
            GoOffline(reason);
            return Emit(before, at, reason, cause);
        }

        if (!wasUp && PhysicallyUp)
        {
            _health = LinkState.Connecting;
            _okStreak = 0;
            _failStreak = 0;
            _connectingSince = at;
            ResetFigures();
            return Emit(before, at, reason, cause);
        }

        return null;
    }

    private void ResetFigures()
    {
        foreach (var window in _windows)
        {
            window.Clear();
        }

        _quality.Reset();
    }

    private LinkTransition? Emit(LinkState before, DateTimeOffset at, string? reason, TransitionCause cause)
    {
        var after = State;
        if (after == before)
        {
            return null;
        }

        Since = at;
        return new LinkTransition(Link, before, after, at, reason ?? "state changed", Stats) { Cause = cause };
    }
}
