namespace Multiwan.Configuration;

/// <summary>
/// One row per error message. Every document starts with one valid link on lines 1-4; <c>link</c> adds lines to that
/// link from line 5, <c>tail</c> adds lines after it (a second link, or top-level sections).
/// </summary>
public sealed class ValidationMessageTests
{
    private const string SecondLink = "  - name: b\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]\n";

    public static TheoryData<string, string, string> Rows => new()
    {
        // Binding: wrong types, unknown keys, bad durations.
        { "    weight: heavy", "", ":5: links[0].weight: expected an integer (got heavy)" },
        { "    wieght: 2", "", ":5: links[0]: unknown key (did you mean weight?); allowed: name, interface, gateway, source, weight, tier, backup, metered, nat, targets, method, health, ipv4, ipv6 (got wieght)" },
        { "    backup: maybe", "", ":5: links[0].backup: expected true or false (got maybe)" },
        { "    nat: sometimes", "", ":5: links[0].nat: expected one of masquerade, snat, none (got sometimes)" },
        { "", "mode: roundrobin", ":5: mode: expected one of balanced, failover (got roundrobin)" },
        { "", "colour: red", ":5: (top level): unknown key; allowed: mode, lan, links, health, policies, rules, last_resort, hooks, notifications, firewall, ipv6, kernel, daemon (got colour)" },
        { "", "health:\n  interval: 5", ":6: health.interval: expected a duration such as 200ms, 1s, 1m30s, 5m, 1h (got 5)" },
        { "", "health:\n  interval: 1 minute", ":6: health.interval: expected a duration such as 200ms, 1s, 1m30s, 5m, 1h (got 1 minute)" },
        { "", "health:\n  quality: 5", ":6: health.quality: expected a mapping of keys (got 5)" },
        { "", "lan:\n  eth1: yes", ":6: lan: expected a list (got a mapping)" },
        { "", "kernel:\n  mark_mask: 0xzz", ":6: kernel.mark_mask: expected an unsigned integer (decimal or 0x hex) (got 0xzz)" },
        { "", "kernel:\n  table_first:", ":6: kernel.table_first: needs a value: an integer (got nothing)" },

        // Links and LAN.
        { "", "links: []", ":5: yaml: not valid YAML: Duplicate key links" },
        { "    backup: true", "", ":1: links: every link is a backup; at least one link must not be (got 1 backup links)" },
        { "", "  - name: Cable!\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: must be 1-15 characters of A-Z, a-z, 0-9, _ and - (got Cable!)" },
        { "", "  - name: abcdefghijklmnop\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: must be 1-15 characters of A-Z, a-z, 0-9, _ and - (got abcdefghijklmnop)" },
        { "", "  - name: a\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: duplicate link name (got a)" },
        { "", "  - name: A\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: differs from link a only by case; names are matched without regard to case, rename one (got A)" },
        { "", "  - name: DEFAULT\n    interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: default is reserved (the policy of every link); choose another name (got DEFAULT)" },
        { "", "  - interface: eth1\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].name: every link needs a name (got \"\")" },
        { "", "  - name: b\n    targets: [192.0.2.3, 192.0.2.4]", ":5: links[1].interface: needs an interface, e.g. eth0 (got \"\")" },
        { "", "  - name: b\n    interface: averyveryverylongname\n    targets: [192.0.2.3, 192.0.2.4]", ":6: links[1].interface: not a valid interface name" },
        { "", "  - name: b\n    interface: eth0/1\n    targets: [192.0.2.3, 192.0.2.4]", ":6: links[1].interface: not a valid interface name (at most 15 characters, no space, / or :, an alias such as eth0:1 is allowed) (got eth0/1)" },
        { "", "  - name: b\n    interface: eth0\n    targets: [192.0.2.3, 192.0.2.4]", ":6: links[1].interface: already the interface of link a (got eth0)" },
        { "    gateway: 300.1.1.1", "", ":5: links[0].gateway: must be auto or an IPv4 address (got 300.1.1.1)" },
        { "    source: here", "", ":5: links[0].source: must be an IPv4 address (got here)" },
        { "    weight: 0", "", ":5: links[0].weight: must be between 1 and 1000 (got 0)" },
        { "    weight: 1001", "", ":5: links[0].weight: must be between 1 and 1000 (got 1001)" },
        { "    tier: 0", "", ":5: links[0].tier: must be 1 or more (1 is the best tier) (got 0)" },
        { "", "  - name: b\n    interface: eth1\n    targets: [192.0.2.300, 192.0.2.9]", ":7: links[1].targets[0].address: must be an IPv4 address (got 192.0.2.300)" },
        { "", "  - name: b\n    interface: eth1", ":5: links[1].targets: needs at least one probe target (an IPv4 address) (got none)" },
        { "", "  - name: b\n    interface: eth1\n    targets: [192.0.2.5, 192.0.2.5]", ":7: links[1].targets[1].address: duplicate target (got 192.0.2.5)" },
        { "", "  - name: b\n    interface: eth1\n    targets:\n      - 192.0.2.5\n      - address: 192.0.2.6\n        port: 70000", ":10: links[1].targets[1].port: must be between 1 and 65535 (got 70000)" },
        { "", "  - name: b\n    interface: eth1\n    targets:\n      - 192.0.2.5\n      - address: 192.0.2.6\n        expect_status: ok", ":10: links[1].targets[1].expect_status: must be an HTTP status or range such as 200-399 (got ok)" },
        { "", "  - name: b\n    interface: eth1\n    targets:\n      - 192.0.2.5\n      - address: 192.0.2.6\n        method: dns\n        expect_rcode: bogus", ":11: links[1].targets[1].expect_rcode: expected noerror, formerr, servfail, nxdomain, notimp, refused or a number 0-15 (got bogus)" },
        { "    method: arp", "", ":5: links[0].method: arp is a secondary signal and cannot be a link's only method (got arp)" },
        { "    health:\n      min_targets: 3", "", ":6: links[0].health.min_targets: is more than the link's 2 target(s) (got 3)" },
        { "", "lan: [eth0]", ":5: lan[0]: is also the interface of link a (got eth0)" },
        { "", "lan: [eth1, eth1]", ":5: lan[1]: duplicate LAN interface (got eth1)" },
        { "", "lan: [\"eth 1\"]", ":5: lan[0]: not a valid interface name" },

        // Health thresholds.
        { "", "health:\n  interval: 0s", ":6: health.interval: must be longer than 0s (got 0s)" },
        { "", "health:\n  fast_interval: 2s", ":6: health.fast_interval: must not be longer than interval (1s) (got 2s)" },
        { "", "health:\n  timeout_min: 2s", ":6: health.timeout_min: must not be longer than timeout_max (1s) (got 2s)" },
        { "", "health:\n  min_targets: 0", ":6: health.min_targets: must be 1 or more (got 0)" },
        { "", "health:\n  down_after: 0", ":6: health.down_after: must be 1 or more (got 0)" },
        { "", "health:\n  up_after: 0", ":6: health.up_after: must be 1 or more (got 0)" },
        { "", "health:\n  window: 2", ":6: health.window: must be at least down_after (3) (got 2)" },
        { "", "health:\n  long_down: 0s", ":6: health.long_down: must be longer than 0s (got 0s)" },
        { "", "health:\n  quality:\n    loss_fail: 150", ":7: health.quality.loss_fail: must be a percentage between 0 and 100 (got 150)" },
        { "", "health:\n  quality:\n    loss_recover: 40", ":7: health.quality.loss_recover: must be below loss_fail (40) (got 40)" },
        { "", "health:\n  quality:\n    rtt_recover: 900ms", ":7: health.quality.rtt_recover: must be below rtt_fail (800ms) (got 900ms)" },
        { "", "health:\n  quality:\n    jitter_fail: 10ms\n    jitter_recover: 20ms", ":8: health.quality.jitter_recover: must be below jitter_fail (10ms) (got 20ms)" },
        { "", "health:\n  quality:\n    reduced_weight_percent: 0", ":7: health.quality.reduced_weight_percent: must be a percentage between 1 and 100 (got 0)" },
        { "    health:\n      fast_interval: 3s", "", ":6: links[0].health.fast_interval: must not be longer than interval (1s) (got 3s)" },

        // Policies and rules.
        { "", "policies:\n  - name: default", ":6: policies[0].name: default is built in (every link); choose another name (got default)" },
        { "", "policies:\n  - name: a", ":6: policies[0].name: is also a link name, so 'use' would be ambiguous (got a)" },
        { "", "policies:\n  - name: p\n  - name: p", ":7: policies[1].name: duplicate policy name (got p)" },
        { "", "policies:\n  - name: p\n    links: [zz]", ":7: policies[0].links[0]: unknown link; links are: a (got zz)" },
        { "", "policies:\n  - name: p\n    links: [a, a]", ":7: policies[0].links[1]: link listed twice (got a)" },
        { "", "rules:\n  - name: r\n    use: nowhere", ":7: rules[0].use: unknown link or policy; known: a, default (got nowhere)" },
        { "", "rules:\n  - name: r", ":6: rules[0].use: needs a link or policy name (or default) (got \"\")" },
        { "", "rules:\n  - name: r\n    use: a\n  - name: r\n    use: a", ":8: rules[1].name: duplicate rule name (got r)" },
        { "", "rules:\n  - name: R 1\n    use: a", ":6: rules[0].name: must be 1-15 characters of A-Z, a-z, 0-9, _ and - (got R 1)" },
        { "", "rules:\n  - name: r\n    dst_port: 25\n    use: a", ":7: rules[0].dst_port: ports need protocol: tcp or udp (got any)" },
        { "", "rules:\n  - name: r\n    protocol: tcp\n    dst_port: 70000\n    use: a", ":8: rules[0].dst_port[0]: must be a port or range such as 25 or 8000-8080 (1-65535) (got 70000)" },
        { "", "rules:\n  - name: r\n    protocol: udp\n    src_port: 2000-1000\n    use: a", ":8: rules[0].src_port[0]: must be a port or range such as 25 or 8000-8080 (1-65535) (got 2000-1000)" },
        { "", "rules:\n  - name: r\n    src: 10.0.0.0/33\n    use: a", ":7: rules[0].src[0]: must be an IPv4 address or CIDR such as 192.0.2.0/24 (got 10.0.0.0/33)" },
        { "", "rules:\n  - name: r\n    dst: [example.com]\n    use: a", ":7: rules[0].dst[0]: must be an IPv4 address or CIDR such as 192.0.2.0/24 (got example.com)" },
        { "", "rules:\n  - name: r\n    use: a\n    sticky: 0s", ":8: rules[0].sticky: must be longer than 0s (got 0s)" },

        // Kernel ranges.
        { "", "kernel:\n  mark_mask: 0", ":6: kernel.mark_mask: must have at least one bit set (got 0x0)" },
        { "", "kernel:\n  mark_mask: 0xf0f0", ":6: kernel.mark_mask: bits must be contiguous, e.g. 0xff00 (got 0xf0f0)" },
        { "", SecondLink + "kernel:\n  mark_mask: 0x100", ":9: kernel.mark_mask: has room for 1 link marks but there are 2 links (got 0x100)" },
        { "", "kernel:\n  table_first: 200\n  table_last: 150", ":7: kernel.table_last: must not be below table_first (200) (got 150)" },
        { "", "kernel:\n  table_first: 250\n  table_last: 260", ":6: kernel.table_first: range 250-260 contains reserved table 253; reserved: 0, 253, 254, 255 (got 250-260)" },
        { "", SecondLink + "kernel:\n  table_first: 100\n  table_last: 100", ":9: kernel.table_first: range 100-100 holds 1 tables; 2 are needed (got 100-100)" },
        { "", "kernel:\n  rule_priority_first: 32000\n  rule_priority_last: 32767", ":7: kernel.rule_priority_last: must be between 1 and 32765 (got 32767)" },
        { "", "kernel:\n  rule_priority_first: 32000\n  rule_priority_last: 32767", ":6: kernel.rule_priority_first: range 32000-32767 contains reserved rule priority 32766; reserved: 0, 32766, 32767 (got 32000-32767)" },
        { "", "kernel:\n  rule_priority_first: 1000\n  rule_priority_last: 1005", ":6: kernel.rule_priority_first: range 1000-1005 holds 6 rule priorities; 7 are needed (got 1000-1005)" },
        { "", "kernel:\n  protocol: 2", ":6: kernel.protocol: must be between 5 and 255 (0-4 belong to the kernel) (got 2)" },
        { "", "kernel:\n  main_route_metric: -1", ":6: kernel.main_route_metric: must not be negative (got -1)" },

        // Firewall.
        { "", "firewall:\n  profile: strict", ":6: firewall.profile: expected one of off, restrictive (got strict)" },
        { "", "firewall:\n  profile: restrictive", ":5: firewall: needs lan: (the firewall tells LAN from WAN by it) (got no lan interfaces)" },
        { "", "lan: [eth9]\nfirewall:\n  ssh_ports: [22, 0]", ":7: firewall.ssh_ports[1]: must be a port between 1 and 65535 (got 0)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: http\n      to: 192.168.1.10", ":8: firewall.forwards[0].port: must be a port 1-65535 or a range such as 5000-5010 (got http)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: 80\n      to: server:80", ":9: firewall.forwards[0].to: must be host or host:port with host a unicast IPv4 address (got server:80)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: 80\n      to: 192.168.1.10:99999", ":9: firewall.forwards[0].to: the port after : must be one port 1-65535 (got 192.168.1.10:99999)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: 5000-5010\n      to: 192.168.1.10:80", ":9: firewall.forwards[0].to: a forwarded port range keeps its ports: write the host without :port (got 192.168.1.10:80)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: 5000-5010\n      to: 192.168.1.10\n    - port: 5005\n      to: 192.168.1.11\n      proto: both", ":10: firewall.forwards[1].port: already forwarded by firewall.forwards[0] (got 5005)" },
        { "", "lan: [eth9]\nfirewall:\n  forwards:\n    - port: 80\n      to: 192.168.1.10\n      proto: icmp", ":10: firewall.forwards[0].proto: expected one of tcp, udp, both (got icmp)" },

        // Notifications, hooks, daemon.
        { "", "notifications:\n  email:\n    from: me@example.org", ":6: notifications.email.server: e-mail needs an SMTP server (got \"\")" },
        { "", "notifications:\n  email:\n    server: 192.0.2.25", ":6: notifications.email.to: e-mail needs at least one recipient (got none)" },
        { "", "notifications:\n  email:\n    server: 192.0.2.25\n    to: root", ":8: notifications.email.to[0]: must be an e-mail address (got root)" },
        { "", "notifications:\n  webhooks:\n    - name: w\n      url: ftp://192.0.2.8/x", ":8: notifications.webhooks[0].url: must be an absolute http:// or https:// URL (got ftp://192.0.2.8/x)" },
        { "", "notifications:\n  webhooks:\n    - name: w\n      url: /hook", ":8: notifications.webhooks[0].url: must be an absolute http:// or https:// URL (got /hook)" },
        { "", "notifications:\n  webhooks:\n    - name: w\n      url: https://192.0.2.8/\n    - name: w\n      url: https://192.0.2.9/", ":9: notifications.webhooks[1].name: duplicate webhook name (got w)" },
        { "", "hooks:\n  directory: hooks", ":6: hooks.directory: must be an absolute path (got hooks)" },
        { "", "hooks:\n  timeout: 0s", ":6: hooks.timeout: must be longer than 0s (got 0s)" },
        { "", "daemon:\n  metrics: localhost", ":6: daemon.metrics: must be ADDRESS:PORT such as 127.0.0.1:9733 (got localhost)" },
        { "", "daemon:\n  journal_max_bytes: 10", ":6: daemon.journal_max_bytes: must be at least 4096 (got 10)" },
        { "    ipv6:\n      targets: [www..example.com, 2001:db8::2]", "ipv6:\n  lan_mode: masquerade", ":6: links[0].ipv6.targets[0].address: must be an IPv6 address or a host name (resolved through the link's IPv6, AAAA; arp needs an address) (got www..example.com)" },
        { "    ipv6:\n      targets: [{address: gw.example.com, method: arp}, 2001:db8::2]", "ipv6:\n  lan_mode: masquerade", ":6: links[0].ipv6.targets[0].address: must be an IPv6 address or a host name (resolved through the link's IPv6, AAAA; arp needs an address) (got gw.example.com)" },
        { "    ipv6:\n      targets: [2001:db8::1, 192.0.2.9]", "ipv6:\n  lan_mode: masquerade", ":6: links[0].ipv6.targets[1].address: must be an IPv6 address (got 192.0.2.9)" },
    };

    public static string Document(string link, string tail)
    {
        var text = "links:\n  - name: a\n    interface: eth0\n    targets: [192.0.2.1, 192.0.2.2]\n";
        if (link.Length > 0)
        {
            text += link + "\n";
        }

        return text + tail + (tail.EndsWith('\n') ? "" : "\n");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_mistake_is_reported_with_its_line_path_and_value(string link, string tail, string expected)
    {
        var result = ConfigLoader.Parse(Document(link, tail), "t.yaml");

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => e.ToString() == "t.yaml" + expected || (e.ToString().StartsWith("t.yaml" + expected, StringComparison.Ordinal) && !expected.EndsWith(')')));
    }

    [Theory]
    [InlineData("links: []\n", ":1: links: at least one link is needed (got none)")]
    [InlineData("mode: balanced\n", ":1: links: at least one link is needed (got none)")]
    [InlineData("", ":1: links: the file is empty; at least one link is needed")]
    [InlineData("# only a comment\n", ":1: links: the file is empty; at least one link is needed")]
    [InlineData("links:\n  - name: a\n   interface: eth0\n", ":3: yaml: not valid YAML")]
    [InlineData("- just\n- a list\n", ":1: (top level): expected a mapping of keys (got a list)")]
    public void A_document_without_links_is_refused(string text, string expected)
    {
        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.Contains(result.Errors, e => e.ToString().StartsWith("t.yaml" + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_base_document_is_valid()
    {
        var result = ConfigLoader.Parse(Document("", SecondLink), "t.yaml");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }
}
