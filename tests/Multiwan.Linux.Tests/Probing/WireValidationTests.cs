using System.Net;
using System.Text;
using CsCheck;
using Multiwan.Support;

namespace Multiwan.Probing;

/// <summary>Issue 10's wire injection classes: what a probe would send is checked again at the wire.</summary>
public sealed class WireValidationTests
{
    private static ProbeTarget Http(string path = "/", string? host = null) =>
        new() { Address = IPAddress.Parse("192.0.2.1"), Method = Configuration.ProbeMethod.Http, Port = 80, Path = path, Host = host };

    [Theory]
    [InlineData("/\r\nX-Injected: 1")]
    [InlineData("/a b")]
    [InlineData("/\u0000")]
    [InlineData("no-slash")]
    [InlineData("")]
    [InlineData("/é")]
    public void An_http_path_with_cr_lf_space_or_controls_is_never_sent(string path)
    {
        var error = HttpProbe.WireError(Http(path));

        Assert.NotNull(error);
        Assert.StartsWith("path \"", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("host/x")]
    public void An_http_host_with_cr_lf_or_other_characters_is_never_sent(string host)
    {
        Assert.StartsWith("host \"", HttpProbe.WireError(Http(host: host)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", null)]
    [InlineData("/generate_204?x=1&y=%20", "connectivity.example:8080")]
    [InlineData("/health", "192.0.2.1")]
    public void Ordinary_paths_and_hosts_are_sent(string path, string? host)
    {
        Assert.Null(HttpProbe.WireError(Http(path, host)));
    }

    [Fact]
    public async Task A_refused_path_is_a_probe_error_value_not_an_exception()
    {
        var probe = new HttpProbe(new SystemSocketFactory(), TimeProvider.System);

        var outcome = await probe.ProbeAsync(Http("/\r\nX: 1"), new LinkBinding("lo", 0, null), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(Tracking.ProbeStatus.Error, outcome.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("-a.example")]
    [InlineData("a-.example")]
    [InlineData("exämple.com")]
    [InlineData("a b.com")]
    [InlineData("a\n.com")]
    public void A_dns_query_name_that_is_not_a_dns_name_is_refused(string name)
    {
        Assert.NotNull(DnsPacket.NameError(name));
        Assert.Throws<ArgumentException>(() => DnsPacket.Query(1, name));
    }

    [Fact]
    public void Dns_names_are_bounded_by_label_and_total_length()
    {
        Assert.Null(DnsPacket.NameError(new string('a', 63) + ".com"));
        Assert.NotNull(DnsPacket.NameError(new string('a', 64) + ".com"));
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 49), 5)) + ".abc"; // 253
        Assert.Equal(253, longest.Length);
        Assert.Null(DnsPacket.NameError(longest));
        Assert.Null(DnsPacket.NameError(longest + "."));
        Assert.NotNull(DnsPacket.NameError(longest + "d"));
        Assert.NotNull(DnsPacket.NameError(new string('a', 300)));
    }

    [Fact]
    public void Every_accepted_name_encodes_to_its_own_labels()
    {
        var label = Gen.String[Gen.Char["abcz09-_"], 1, 63].Where(l => l[0] != '-' && l[^1] != '-');
        SeededFuzz.Run(label.Array[1, 4], 500, 20261201, labels =>
        {
            var name = string.Join('.', labels);
            if (DnsPacket.NameError(name) is not null)
            {
                Assert.True(name.Length > DnsPacket.MaxNameLength, name);
                return;
            }

            var query = DnsPacket.Query(7, name);
            var offset = 12;
            foreach (var l in labels)
            {
                Assert.Equal(l.Length, query[offset]);
                Assert.Equal(l, Encoding.ASCII.GetString(query, offset + 1, l.Length));
                offset += 1 + l.Length;
            }

            Assert.Equal(new byte[] { 0, 0, 1, 0, 1 }, query[offset..]);
        });
    }

    [Fact]
    public void Dns_replies_with_another_id_or_too_short_are_ignored()
    {
        var reply = DnsPacket.Query(0xbeef, "example.com");
        reply[2] |= 0x80;
        Assert.Equal(0, DnsPacket.ResponseRcode(reply, 0xbeef));
        Assert.Null(DnsPacket.ResponseRcode(reply, 0xbeee));
        Assert.Null(DnsPacket.ResponseRcode(reply.AsSpan(0, 11), 0xbeef));
        Assert.Null(DnsPacket.ResponseRcode([], 0xbeef));
    }
}
