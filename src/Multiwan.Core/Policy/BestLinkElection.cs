using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// multihomed's election for every policy with <c>select: best</c>. The candidates are the links the policy's
/// mode would use now (the carrying links of its best tier, <see cref="PolicyEngine.Decide"/>); the elected one keeps
/// the traffic until it stops being a candidate (replaced at once by the best-scoring candidate) or a challenger
/// beats it by the margin for the whole dwell time (<see cref="BestSelection"/>). Owned by the engine loop (single
/// writer); time comes in as an argument, so it is pure and tested on a fake clock.
/// </summary>
public sealed class BestLinkElection
{
    private readonly Dictionary<string, Seat> _seats = new(StringComparer.Ordinal);

    /// <summary>Policy name → elected link, for every policy with <c>select: best</c> and a candidate.</summary>
    public IReadOnlyDictionary<string, string> Elected => _seats.ToDictionary(s => s.Key, s => s.Value.Link, StringComparer.Ordinal);

    /// <summary>Re-runs every election; true when some policy's elected link changed (the kernel needs an apply).</summary>
    public bool Update(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkStats> stats, DateTimeOffset now)
    {
        var changed = false;
        var specs = PolicySpec.FromConfig(config).Where(s => s.Best is not null).ToList();
        foreach (var gone in _seats.Keys.Where(name => specs.All(s => s.Name != name)).ToList())
        {
            _seats.Remove(gone);
            changed = true;
        }

        foreach (var spec in specs)
        {
            var candidates = PolicyEngine.Candidates(spec, states);
            var before = _seats.GetValueOrDefault(spec.Name);
            var after = Elect(spec.Best!, before, candidates, stats, now);
            if (after is null)
            {
                _seats.Remove(spec.Name);
            }
            else
            {
                _seats[spec.Name] = after;
            }

            changed |= before?.Link != after?.Link;
        }

        return changed;
    }

    private static Seat? Elect(BestSelection rules, Seat? seat, IReadOnlyList<string> candidates, IReadOnlyDictionary<string, LinkStats> stats, DateTimeOffset now)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        double? ScoreOf(string link) => stats.TryGetValue(link, out var s) ? BestSelection.Score(s) : null;

        // Lowest score first, unmeasured last, config order breaks ties.
        var best = candidates
            .Select((link, order) => (link, order, score: ScoreOf(link)))
            .OrderBy(c => c.score is null)
            .ThenBy(c => c.score)
            .ThenBy(c => c.order)
            .First();
        if (seat is null || !candidates.Contains(seat.Link))
        {
            return new Seat(best.link, null, now);
        }

        if (best.link == seat.Link || !rules.Beats(best.score, ScoreOf(seat.Link)))
        {
            return seat with { Challenger = null };
        }

        if (seat.Challenger != best.link)
        {
            return seat with { Challenger = best.link, ChallengerSince = now };
        }

        return now - seat.ChallengerSince >= rules.Dwell ? new Seat(best.link, null, now) : seat;
    }

    /// <summary>The elected link, and the challenger that has beaten it by the margin since <paramref name="ChallengerSince"/>.</summary>
    private sealed record Seat(string Link, string? Challenger, DateTimeOffset ChallengerSince);
}
