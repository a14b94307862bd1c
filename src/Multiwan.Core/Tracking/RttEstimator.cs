namespace Multiwan.Tracking;

/// <summary>
/// One target's smoothed RTT and RTT variation as in RFC 6298, giving the adaptive probe timeout
/// <c>clamp(max(srtt + 4·rttvar, 2·srtt), min, max)</c>. The <c>2·srtt</c> term keeps a margin on a very
/// steady path (rttvar near zero); before the first answer the timeout is <c>max</c>.
/// </summary>
public sealed class RttEstimator(TimeSpan min, TimeSpan max)
{
    private double _srtt = -1;
    private double _rttvar;

    public TimeSpan? SmoothedRtt => _srtt < 0 ? null : TimeSpan.FromTicks((long)_srtt);


    public void Add(TimeSpan rtt)
    {
        double r = rtt.Ticks;
        if (_srtt < 0)
        {
            _srtt = r;
            _rttvar = r / 2;
            return;
        }

        // RFC 6298 2.3: alpha = 1/8, beta = 1/4; rttvar is updated with the old srtt.
        _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(_srtt - r));
        _srtt = (0.875 * _srtt) + (0.125 * r);
    }

    public TimeSpan Timeout
    {
        get
        {
            if (_srtt < 0)
            {
                return max;
            }

            var ticks = Math.Max(_srtt + (4 * _rttvar), 2 * _srtt);
            return TimeSpan.FromTicks(Math.Clamp((long)ticks, min.Ticks, Math.Max(min.Ticks, max.Ticks)));
        }
    }
}
