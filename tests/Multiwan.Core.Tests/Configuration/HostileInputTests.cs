namespace Multiwan.Configuration;

/// <summary>Issue 10's list, one named test per class: each hostile or careless input is a clear error (or warning) with its line.</summary>
public sealed class HostileInputTests
{
    private const string Link = """
        links:
          - name: a
            interface: eth0
            targets: [192.0.2.1, 192.0.2.2]

        """;

    private const string Conf = "A eth0 isp 192.0.2.1 1 192.0.2.254\nB eth1 isp 198.51.100.1 1 198.51.100.254\nL eth2 lan\n";

    private static ConfigLoadResult Yaml(string text) => ConfigLoader.Parse(text, "t.yaml");

    private static string Errors(ConfigLoadResult result) => string.Join("\n", result.Errors);

    private static void AssertError(ConfigLoadResult result, string expected)
    {
        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    private static void AssertWarning(ConfigLoadResult result, string expected)
    {
        Assert.True(result.IsValid, Errors(result));
        Assert.Contains(result.Warnings, w => w.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Unicode_escape_above_10FFFF_is_an_error_not_a_crash() =>
        AssertError(Yaml("x: \"\\U80000000\"\n"), "t.yaml:1: yaml: not valid YAML:");

    [Fact]
    public void Nesting_of_30000_levels_is_refused_before_the_tree_is_built() =>
        AssertError(Yaml("x: " + new string('[', 30000) + new string(']', 30000)), $"t.yaml:1: yaml: nested more than {ConfigLimits.Depth} levels deep");

    [Fact]
    public void Alias_bomb_output_is_short()
    {
        var anchor = new string('A', 4000);
        var text = $"a: &a \"{anchor}\"\nlinks:\n  - name: *a\n    targets: [{string.Join(", ", Enumerable.Repeat("*a", 10000))}]\n";
        var result = Yaml(text);

        Assert.Null(result.Config);
        Assert.True(Errors(result).Length < 4000, Errors(result));
    }

    [Fact]
    public void Long_scalar_file_size_and_error_count_are_bounded()
    {
        AssertError(Yaml(Link + "x: " + new string('y', ConfigLimits.ScalarLength + 1)), $"t.yaml:5: yaml: a value longer than {ConfigLimits.ScalarLength} characters");
        AssertError(Yaml(new string('#', ConfigLimits.FileBytes + 1)), $"t.yaml:1: file: larger than {ConfigLimits.FileBytes} bytes");
        var many = Yaml(Link + string.Concat(Enumerable.Range(0, 500).Select(i => $"k{i}: 1\n")));
        Assert.Equal(ConfigLimits.Diagnostics + 1, many.Errors.Count);
    }

    [Fact]
    public void Too_many_links_targets_and_rules_are_refused()
    {
        var links = string.Concat(Enumerable.Range(0, ConfigLimits.Links + 1).Select(i => $"  - {{name: l{i}, interface: eth{i}, targets: [192.0.2.1, 192.0.2.2]}}\n"));
        AssertError(Yaml("links:\n" + links), $"t.yaml:2: links: at most {ConfigLimits.Links} items are allowed (got {ConfigLimits.Links + 1} items)");
        var targets = string.Join(", ", Enumerable.Range(1, ConfigLimits.TargetsPerLink + 1).Select(i => $"192.0.2.{i}"));
        AssertError(Yaml($"links:\n  - name: a\n    interface: eth0\n    targets: [{targets}]\n"), "t.yaml:4: links[0].targets: at most");
    }

    [Theory]
    [InlineData("    gateway: \"192.0.2.254\\n\"", "t.yaml:5: links[0].gateway: must not contain control characters")]
    [InlineData("    source: \"192.0.2.9\\n\"", "t.yaml:5: links[0].source: must not contain control characters")]
    [InlineData("    nat: none\n    metered: true\n    tier: 1\n    weight: 1\n    method: icmp\n    backup: false\n    gateway: auto\n    source: \"192.0.2.9\\r\"", "t.yaml:12: links[0].source: must not contain control characters")]
    public void Trailing_newline_never_reaches_the_kernel(string line, string expected) => AssertError(Yaml(Link.TrimEnd() + "\n" + line + "\n"), expected);

    [Theory]
    [InlineData("hooks:\n  directory: \"/etc/hooks\\n\"", "t.yaml:6: hooks.directory: must not contain control characters")]
    [InlineData("daemon:\n  socket: \"/run/x\\n.sock\"", "t.yaml:6: daemon.socket: must not contain control characters")]
    [InlineData("notifications:\n  webhooks:\n    - name: w\n      url: \"http://192.0.2.5/\\nx\"", "t.yaml:8: notifications.webhooks[0].url: must not contain control characters")]
    [InlineData("rules:\n  - name: \"r\\n\"\n    use: a", "t.yaml:6: rules[0].name: must not contain control characters")]
    public void Newlines_are_refused_in_every_string(string tail, string expected) => AssertError(Yaml(Link + tail + "\n"), expected);

    [Theory]
    [InlineData("'*'")]
    [InlineData("'e\"0'")]
    [InlineData("eth0/1")]
    [InlineData("averyveryverylongname")]
    public void Device_names_follow_the_kernel_rules_and_hold_no_wildcard(string device) =>
        AssertError(Yaml(Link.Replace("eth0", device, StringComparison.Ordinal)), "t.yaml:3: links[0].interface: not a valid interface name");

    [Fact]
    public void Control_characters_in_values_are_shown_escaped()
    {
        var result = Yaml(Link.Replace("name: a", "name: \"a\\e[2Jb\"", StringComparison.Ordinal));
        var text = Errors(result);

        Assert.Contains("(got a\\e[2Jb)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("224.0.0.1")]
    public void Addresses_that_are_not_a_unicast_host_are_refused(string address)
    {
        AssertError(Yaml(Link.Replace("192.0.2.1,", address + ",", StringComparison.Ordinal)), "t.yaml:4: links[0].targets[0].address: must be a unicast host address");
        AssertError(Yaml(Link.TrimEnd() + $"\n    gateway: {address}\n"), "t.yaml:5: links[0].gateway: must be a unicast host address");
    }

    [Fact]
    public void Counters_and_durations_are_bounded()
    {
        AssertError(Yaml(Link + "health:\n  window: 1000000000\n"), $"t.yaml:6: health.window: must be at most {ConfigLimits.Window}");
        AssertError(Yaml(Link + "health:\n  interval: 100000h\n"), "t.yaml:6: health.interval: must be at most 1h");
        AssertError(ConfigLoader.Parse(Conf + "max_successive_pkts_lost=2147483647\n", "b.conf"), "b.conf:4: health.down_after: must be at most 1000");
    }

    [Fact]
    public void Default_is_reserved_as_a_link_name() =>
        AssertError(Yaml(Link.Replace("name: a", "name: default", StringComparison.Ordinal)), "t.yaml:2: links[0].name: default is reserved");

    [Fact]
    public void Duplicate_cidrs_are_refused() =>
        AssertError(Yaml(Link + "rules:\n  - name: r\n    dst: [10.0.0.0/8, 10.0.0.0/8]\n    use: a\n"), "t.yaml:7: rules[0].dst[1]: listed twice");

    [Theory]
    [InlineData("to: '@'", "t.yaml:8: notifications.email.to[0]: must be an e-mail address (got @)")]
    [InlineData("to: 'root;rm -rf /@localhost'", "t.yaml:8: notifications.email.to[0]: must be an e-mail address")]
    [InlineData("to: ops@example.com\n    from: 'x\"y@example.com'", "t.yaml:9: notifications.email.from: must be an e-mail address")]
    public void Mailboxes_are_validated(string line, string expected) =>
        AssertError(Yaml(Link + "notifications:\n  email:\n    server: 192.0.2.25\n    " + line + "\n"), expected);

    [Fact]
    public void A_secret_with_a_control_character_is_refused_without_being_shown()
    {
        var result = Yaml(Link + "notifications:\n  email:\n    server: 192.0.2.25\n    to: ops@example.com\n    password: \"hunter2\\n\"\n");

        AssertError(result, "t.yaml:9: notifications.email.password: must not contain control characters");
        Assert.DoesNotContain("hunter2", Errors(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Imported_warn_email_with_shell_words_is_not_three_recipients() =>
        AssertError(ConfigLoader.Parse(Conf + "warn_email=root;rm -rf /\n", "b.conf"), "b.conf:4: notifications.email.to[0]: must be an e-mail address (got root;rm@localhost)");

    [Theory]
    [InlineData("{address: 192.0.2.3, method: http, path: \"/\\r\\nX-Injected: 1\"}", "path: must not contain control characters")]
    [InlineData("{address: 192.0.2.3, method: http, host: \"a\\r\\nb\"}", "host: must not contain control characters")]
    [InlineData("{address: 192.0.2.3, method: http, host: \"a b\"}", "host: must be a host name or IPv4 address")]
    [InlineData("{address: 192.0.2.3, method: dns, query: \"\"}", "query: must be a DNS name")]
    [InlineData("{address: 192.0.2.3, method: dns, query: \"..\"}", "query: must be a DNS name")]
    [InlineData("{address: 192.0.2.3, method: dns, query: \"ex\u00e4mple.com\"}", "query: must be a DNS name")]
    public void Probe_strings_for_the_wire_are_validated(string target, string expected)
    {
        AssertError(Yaml(Link.Replace("192.0.2.2]", "192.0.2.2, " + target + "]", StringComparison.Ordinal)), "t.yaml:4: links[0].targets[2]." + expected);
        AssertError(Yaml(Link.Replace("192.0.2.2]", $"192.0.2.2, {{address: 192.0.2.3, method: dns, query: {new string('a', 300)}}}]", StringComparison.Ordinal)), "t.yaml:4: links[0].targets[2].query: must be a DNS name");
    }

    [Theory]
    [InlineData("{address: 192.0.2.3, port: 80}", "links[0].targets[2].port: does nothing for a icmp target")]
    [InlineData("{address: 192.0.2.3, method: dns, path: /x}", "links[0].targets[2].path: does nothing for a dns target")]
    [InlineData("{address: 192.0.2.3, method: dns, tls: true}", "links[0].targets[2].tls: does nothing for a dns target")]
    [InlineData("{address: 192.0.2.3, method: tcp, query: a.example}", "links[0].targets[2].query: does nothing for a tcp target")]
    public void Settings_that_do_nothing_for_their_method_are_warnings(string target, string expected) =>
        AssertWarning(Yaml(Link.Replace("192.0.2.2]", "192.0.2.2, " + target + "]", StringComparison.Ordinal)), "t.yaml:4: " + expected);

    [Fact]
    public void Jitter_recover_without_jitter_fail_is_a_warning() =>
        AssertWarning(Yaml(Link + "health:\n  quality:\n    jitter_recover: 10ms\n"), "t.yaml:7: health.quality.jitter_recover: does nothing without jitter_fail");

    [Fact]
    public void A_rule_after_a_catch_all_rule_is_a_warning() =>
        AssertWarning(Yaml(Link + "rules:\n  - name: all\n    use: a\n  - name: web\n    protocol: tcp\n    dst_port: 80\n    use: a\n"), "t.yaml:8: rules[1]: can never match: rule all before it matches every connection (got web)");

    [Fact]
    public void A_second_mode_in_balance_conf_is_a_warning() =>
        AssertWarning(ConfigLoader.Parse(Conf + "mode=balanced\nmode=failover\n", "b.conf"), "b.conf:5: mode: mode set again");
}
