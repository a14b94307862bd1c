using CsCheck;

namespace Multiwan.Configuration;

/// <summary>
/// Mutated configs for the fuzz tests: a seed file (an example, YAML or balance.conf) with one to four edits, each a
/// line dropped, doubled or cut, a value replaced by a hostile word, a hostile key or option added, or raw control
/// bytes inserted. The words are the classes of issue 10 (escapes, nesting, aliases, wildcards, quotes, newlines,
/// non-unicast addresses, huge counters, mail words).
/// </summary>
internal static class ConfigMutator
{
    private static readonly string[] Words =
    [
        "\"\\U80000000\"", "\"\\n\"", "\"192.0.2.254\\n\"", "'*'", "'e\"0'", "\"a\\e[2Jb\"", "\"\\0\"", "\"\\r\\nX: 1\"",
        "0.0.0.0", "255.255.255.255", "127.0.0.1", "224.0.0.1", "10.0.0.0/8", "192.0.2.1", "-1", "0", "2147483647",
        "99999999999999999999", "1e308", "0x", "0xffffffff", "null", "~", "''", "[]", "{}", "[[[[[[", "{a: [b, {c: d}]}",
        "&x 1", "*x", "*undefined", "default", "'@'", "root;rm -rf /", "1000000000", "100000h", "1ms", "-5s", "yes",
        "eth0", "eth0:1", "eth0.10", "averyveryverylongname", "http://192.0.2.5/x", "\"/\\r\\nX-Injected: 1\"", "..",
        "ex\u00e4mple.com", "\u202egnp", "|\n  block", ">-\n  folded", "!!binary aGk=", "? complex\n: key", "%YAML 1.1",
        new string('a', 300), new string('[', 40) + new string(']', 40),
    ];

    private static readonly string[] Keys =
    [
        "name", "interface", "gateway", "source", "weight", "tier", "targets", "method", "port", "path", "host", "tls",
        "query", "expect_rcode", "expect_status", "health", "window", "down_after", "jitter_recover", "rules", "use",
        "dst", "src_port", "sticky", "mode", "last_resort", "to", "from", "url", "mark_mask", "socket", "interfac",
    ];

    private static readonly string[] Options =
    [
        "mode", "warn_email", "interval_ms", "timeout_ms", "max_successive_pkts_lost", "min_successive_pkts_rcvd",
        "max_packet_loss", "min_packet_loss", "long_down_time", "forwarding_group", "bogus",
    ];

    private static readonly char[] Controls = ['\0', '\a', '\b', '\t', '\v', '\f', '\r', '\x1b', '\x7f', '\u0085', '\u2028'];

    private sealed record Edit(int Kind, int Where, int Pick);

    private static readonly Gen<Edit> EditGen = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], (k, w, p) => new Edit(k, w, p));

    /// <summary>A seed index and the mutated text.</summary>
    public static Gen<(int Seed, string Text)> Mutations(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], EditGen.Array[1, 4], (seed, edits) => (seed, edits.Aggregate(seeds[seed], Apply)));

    private static string Apply(string text, Edit edit)
    {
        var lines = text.Split('\n').ToList();
        var at = edit.Where % lines.Count;
        var word = Words[edit.Pick % Words.Length];
        switch (edit.Kind)
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, lines[at]);
                break;
            case 2 or 3:
                // Replace the value after the first ':' or '=' (or a column of a balance.conf row).
                var line = lines[at];
                var cut = line.IndexOfAny([':', '=']);
                var space = line.LastIndexOf(' ');
                lines[at] = cut >= 0 ? line[..(cut + 1)] + (line[cut] == ':' ? " " : "") + word : space > 0 ? line[..(space + 1)] + word : word;
                break;
            case 4:
                var indent = new string(' ', lines[at].Length - lines[at].TrimStart().Length);
                lines.Insert(at, $"{indent}{Keys[edit.Pick % Keys.Length]}: {word}");
                break;
            case 5:
                lines.Add($"{Options[edit.Pick % Options.Length]}={word}");
                break;
            case 6:
                var target = lines[at];
                var position = target.Length == 0 ? 0 : edit.Pick % target.Length;
                lines[at] = target.Insert(position, Controls[edit.Pick % Controls.Length].ToString());
                break;
            default:
                lines[at] = lines[at][..(lines[at].Length / 2)];
                break;
        }

        return string.Join('\n', lines);
    }
}
