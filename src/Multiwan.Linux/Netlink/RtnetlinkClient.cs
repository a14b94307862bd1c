using Multiwan.Kernel;

namespace Multiwan.Netlink;

/// <summary>
/// Reads and changes routes, rules, links and addresses over one rtnetlink request socket (IPv4 and IPv6): dumps instead of
/// <c>ip -j ... show</c>, acknowledged messages instead of <c>ip -batch</c>. Blocking and not thread-safe: the
/// kernel I/O thread owns it. A refusal comes back as <c>RTNETLINK answers: TEXT</c>, as ip prints it.
/// </summary>
internal sealed class RtnetlinkClient(NetlinkChannel channel) : IDisposable
{
    /// <summary>A dump of every family (the parsers keep IPv4 and IPv6).</summary>
    private const byte AfUnspec = 0;

    private readonly NetlinkBuilder _request = new();

    /// <summary>
    /// The interface names the last route read resolved, kept for the one change batch that normally follows it in
    /// the same apply (one link dump per apply instead of two); used once, then dumped afresh. An interface that
    /// vanished in between makes the kernel refuse that change (no such device), as with a fresh dump.
    /// </summary>
    private Dictionary<int, string>? _lastNames;

    public static string Answer(int errno) => "RTNETLINK answers: " + NetlinkChannel.ErrorText(errno);

    public (List<KernelRoute> Routes, string? Error) Routes()
    {
        var names = Names(out var error);
        _lastNames = error is null ? names : null;
        var routes = new List<KernelRoute>();
        error ??= DumpAll(Rtnetlink.GetRoute, AfUnspec, 12, (type, body) =>
        {
            if (type == Rtnetlink.NewRoute && RouteMessages.Route(body, names) is { } route)
            {
                routes.Add(route);
            }
        });
        return (routes, error);
    }

    public (List<KernelRule> Rules, string? Error) Rules()
    {
        var rules = new List<KernelRule>();
        var error = DumpAll(Rtnetlink.GetRule, AfUnspec, 12, (type, body) =>
        {
            if (type == Rtnetlink.NewRule && RouteMessages.Rule(body) is { } rule)
            {
                rules.Add(rule);
            }
        });
        return (rules, error);
    }

    public (List<KernelInterface> Interfaces, string? Error) Interfaces()
    {
        var links = new List<(int Index, string Name, uint Flags)>();
        var error = DumpAll(Rtnetlink.GetLink, 0, 16, (type, body) =>
        {
            if (type == Rtnetlink.NewLink && InterfaceMessages.Link(body) is { } link)
            {
                links.Add(link);
            }
        });
        var addresses = new List<(int Index, KernelAddress Address)>();
        error ??= DumpAll(Rtnetlink.GetAddr, AfUnspec, 8, (type, body) =>
        {
            if (type == Rtnetlink.NewAddr && InterfaceMessages.Address(body) is { } address)
            {
                addresses.Add(address);
            }
        });
        bool V6((int Index, KernelAddress Address) a) => a.Address.Local.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6;
        return ([.. links.Select(l => new KernelInterface(
            l.Name,
            (l.Flags & InterfaceMessages.IffUp) != 0,
            (l.Flags & InterfaceMessages.IffLowerUp) != 0,
            (l.Flags & InterfaceMessages.IffPointToPoint) != 0,
            [.. addresses.Where(a => a.Index == l.Index && !V6(a)).Select(a => a.Address)])
        {
            Addresses6 = [.. addresses.Where(a => a.Index == l.Index && V6(a)).Select(a => a.Address)],
        })], error);
    }

    /// <summary>Sends every change in one datagram; per change null (done) or the kernel's answer.</summary>
    public string?[] Apply(IReadOnlyList<RouteChange> changes, int protocol)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new string?[changes.Count];
        string? readError = null;
        var names = _lastNames ?? Names(out readError);
        _lastNames = null;
        var indexes = names.ToDictionary(p => p.Value, p => p.Key);
        if (readError is not null)
        {
            Array.Fill(errors, readError);
            return errors;
        }

        _request.Clear();
        var first = channel.NextSequence();
        var sent = new List<int>();
        for (var i = 0; i < changes.Count; i++)
        {
            errors[i] = RouteRequests.Write(_request, first + (uint)sent.Count, changes[i], protocol, indexes);
            if (errors[i] is null)
            {
                sent.Add(i);
            }
        }

        for (var i = 1; i < sent.Count; i++)
        {
            channel.NextSequence();
        }

        if (sent.Count == 0)
        {
            return errors;
        }

        var answers = channel.Transact(_request, first, sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            errors[sent[i]] = answers[i] == 0 ? null : Answer(answers[i]);
        }

        return errors;
    }

    public void Dispose() => channel.Dispose();

    private Dictionary<int, string> Names(out string? error)
    {
        var names = new Dictionary<int, string>();
        error = DumpAll(Rtnetlink.GetLink, 0, 16, (type, body) =>
        {
            if (type == Rtnetlink.NewLink && InterfaceMessages.Link(body) is { } link)
            {
                names[link.Index] = link.Name;
            }
        });
        return names;
    }

    private string? DumpAll(ushort type, byte family, int headerLength, NetlinkReply reply)
    {
        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(type, NetlinkBuilder.Request | NetlinkBuilder.Dump, sequence);
        _request.Fixed(headerLength)[0] = family;
        _request.End();
        var errno = channel.Dump(_request, sequence, reply);
        return errno == 0 ? null : Answer(errno);
    }
}
