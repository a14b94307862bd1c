using System.Text;
using System.Text.Json;
using CsCheck;
using Multiwan.Support;
using Multiwan.Text;
using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>
/// The journal reader against foreign, torn and partial lines (issue 10 item 4, issue 11 item 5): reading never
/// throws, every intact line is still read, and what is read prints as one safe line and feeds the report.
/// </summary>
public sealed class JournalFuzzTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00+00:00","kind":"state_change","new_state":"offline"}""")]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00+00:00","kind":"state_change","link":null,"device":null,"reason":null,"new_state":"online"}""")]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00+00:00","kind":"override","link":"a","new_state":"disabled"}""")]
    public void A_line_without_link_device_or_reason_reads_with_empty_fields_and_events_and_report_work(string line)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(EventJournal.FileName), line + "\n");
        var logger = new ListLogger();

        var read = Assert.Single(EventJournal.ReadDirectory(dir.Path, logger));

        Assert.NotNull(read.Link);
        Assert.NotNull(read.Device);
        Assert.NotNull(read.Reason);
        Assert.StartsWith("2026-01-01 00:00:00Z ", EventText.Line(read), StringComparison.Ordinal);
        Assert.NotNull(ReportBuilder.Build([read], T0, T0.AddHours(1), ["a"]));
        Assert.Single(logger.Lines, l => l.Contains("without link, device or reason", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_characters_in_a_journal_line_are_printed_escaped()
    {
        var e = new LinkEvent { Timestamp = T0, Kind = EventKind.StateChange, Link = "a\u001b[2Jb", Device = "eth0\n", Reason = "x\ry", NewState = LinkState.Online };

        var line = EventText.Line(e);

        Assert.False(SafeText.NeedsEscape(line), line);
        Assert.Contains(@"a\e[2Jb (eth0\n)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_torn_and_foreign_lines_never_throw_and_every_intact_line_is_read()
    {
        var gen = Gen.Select(Line.Array[0, 30], Gen.Bool, (lines, tornTail) => (lines, tornTail));
        SeededFuzz.Run(gen, 400, 20261201, sample =>
        {
            using var dir = new TempDirectory();
            var text = new StringBuilder();
            var intact = new List<DateTimeOffset>();
            for (var i = 0; i < sample.lines.Length; i++)
            {
                var (kind, content) = sample.lines[i];
                var good = Serialize(i);
                text.Append(kind switch
                {
                    0 => good,
                    1 => good[..Math.Min(good.Length - 1, content.Length % good.Length)],
                    2 => good.Replace("\"link\":\"link-" + i + "\",", "", StringComparison.Ordinal).Replace("\"reason\":", "\"reason\":null,\"x\":", StringComparison.Ordinal),
                    3 => Mutate(good, content),
                    _ => content,
                }).Append('\n');
                if (kind == 0)
                {
                    intact.Add(T0.AddSeconds(i));
                }
            }

            if (sample.tornTail)
            {
                text.Append(Serialize(99)[..20]);
            }

            File.WriteAllText(dir.Combine(EventJournal.FileName), text.ToString());
            var read = EventJournal.ReadDirectory(dir.Path, new ListLogger());

            Assert.All(intact, t => Assert.Contains(read, e => e.Timestamp == t && e.Link.Length > 0));
            Assert.All(read, e => Assert.False(SafeText.NeedsEscape(EventText.Line(e))));
            Assert.NotNull(ReportBuilder.Build(read, T0, T0.AddDays(1)));
        });
    }

    /// <summary>(what to do with the line: 0 intact, 1 torn, 2 fields dropped or null, 3 mutated, 4+ foreign text; random text).</summary>
    private static readonly Gen<(int Kind, string Content)> Line = Gen.Select(
        Gen.Int[0, 5],
        Gen.OneOf(Gen.String, Gen.String[Gen.Char[(char)0, (char)0x7f], 0, 40], Gen.Const("null"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const(new string('[', 5000))),
        (kind, content) => (kind, content));

    private static string Serialize(int i) => JsonSerializer.Serialize(
        new LinkEvent
        {
            Timestamp = T0.AddSeconds(i),
            Kind = EventKind.StateChange,
            Link = $"link-{i}",
            Device = "eth0",
            OldState = LinkState.Online,
            NewState = LinkState.Offline,
            Reason = "3 rounds failed",
            RttMs = 12.5,
        },
        EventJsonContext.Default.LinkEvent);

    /// <summary>Overwrites a few characters of <paramref name="good"/> with characters of <paramref name="noise"/>.</summary>
    private static string Mutate(string good, string noise)
    {
        var chars = good.ToCharArray();
        for (var k = 0; k < noise.Length && k < 4; k++)
        {
            chars[(noise[k] * 31 + k * 7) % chars.Length] = noise[k] == '\n' ? ' ' : noise[k];
        }

        return new string(chars);
    }
}
