namespace Multiwan.Configuration;

/// <summary>
/// The Net-ISP-Balance directory beside a balance.conf: forwards and forced routes from .pl files, iptables lines
/// handed to the translator, pre-run/post-run/lsm as hook directories, and one warning per file and line for the rest.
/// </summary>
public sealed class BalanceDirectoryTests : IDisposable
{
    private const string Conf = "CABLE eth0 isp 192.0.2.1\nDSL ppp0 isp www.example.com\nLAN eth1 lan\n";

    private readonly string _root = Directory.CreateTempSubdirectory("mw-balance-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Forwards_and_forced_routes_of_pl_files_are_honoured()
    {
        Write("balance/firewall/10.forward.pl",
            "# port forwards\n$B->forward(80 => '192.168.1.10');  # web\n$B->forward(2222 => '192.168.1.11:22');\n"
            + "$B->forward_with_snat(5060 => '192.168.1.12', 'udp');\n$B->forward(53 => '192.168.1.13', 'tcp', 'udp');\nprint \"hello\";\n");
        Write("balance/routes/20.force.pl", "$B->force_route('cable', '-p tcp --syn --dport 25');\n$B->force_route('DSL','-d 192.168.100.1');\n$B->force_route('CABLE', '-i eth1');\n$B->force_route('FIBRE', '-p tcp');\n");

        var result = Load();

        Assert.Empty(result.Errors);
        var forwards = result.Config!.Firewall.Forwards;
        Assert.Equal(["80 192.168.1.10 Tcp False", "2222 192.168.1.11:22 Tcp False", "5060 192.168.1.12 Udp True", "53 192.168.1.13 Both False"],
            forwards.Select(f => $"{f.Port} {f.To} {f.Proto} {f.Snat}"));
        Assert.Equal(["force_route_1 CABLE Tcp 25", "force_route_2 DSL Any 192.168.100.1"],
            result.Config.Rules.Select(r => $"{r.Name} {r.Use} {r.Protocol} {string.Join(",", r.DstPort.Concat(r.Dst))}"));
        var warnings = Warnings(result);
        Assert.Contains($"{_root}/balance/firewall/10.forward.pl:6: perl: not honoured: multiwan reads only $B->forward, $B->forward_with_snat and $B->force_route lines of a .pl file (write the rest in firewall.nft_directory or a post-run hook) (got print \"hello\";)", warnings);
        Assert.Contains(warnings, w => w.StartsWith($"{_root}/balance/routes/20.force.pl:3: force_route: not honoured: multiwan cannot match '-i eth1'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith($"{_root}/balance/routes/20.force.pl:4: force_route: not honoured: no link named 'FIBRE'", StringComparison.Ordinal));
    }

    [Fact]
    public void Iptables_lines_are_translated_into_a_snippet_that_keeps_their_lines()
    {
        Write("balance/firewall/02.accept.conf", "# accept telnet\niptables -A INPUT -p tcp --syn --dport telnet -j ACCEPT\n\niptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE\niptables -t mangle -A PREROUTING -j MARK --set-mark 1\necho hi\n");
        var translator = new FakeTranslator(new()
        {
            ["-A INPUT -p tcp --syn --dport telnet -j ACCEPT"] = "add rule ip filter INPUT tcp dport 23 counter accept",
            ["-t nat -A POSTROUTING -o eth2 -j MASQUERADE"] = "add rule ip nat POSTROUTING oifname \"eth2\" counter masquerade",
            ["-t mangle -A PREROUTING -j MARK --set-mark 1"] = "add rule ip mangle PREROUTING counter meta mark set 0x1",
        });

        var result = Load(translator);

        Assert.Empty(result.Errors);
        var snippet = Assert.Single(result.Config!.Firewall.Snippets);
        Assert.Equal($"{_root}/balance/firewall/02.accept.conf", snippet.File);
        Assert.Equal(
            ["2: add rule ip multiwan_fw input_user tcp dport 23 counter accept", "4: add rule ip multiwan_fw srcnat_user oifname \"eth2\" counter masquerade"],
            snippet.Lines.Select(l => $"{l.Line}: {l.Text}"));
        var warnings = Warnings(result);
        Assert.Contains(warnings, w => w.StartsWith($"{_root}/balance/firewall/02.accept.conf:5: iptables: not translated: multiwan takes rules of the filter INPUT", StringComparison.Ordinal));
        Assert.Contains($"{_root}/balance/firewall/02.accept.conf:6: firewall: not honoured: only iptables lines are translated (to nft) (got echo hi)", warnings);
    }

    [Fact]
    public void Without_a_translator_each_iptables_line_is_a_warning()
    {
        Write("balance/firewall/02.accept.conf", "iptables -A INPUT -p tcp --dport 80 -j ACCEPT\n");

        var result = Load();

        Assert.Empty(result.Config!.Firewall.Snippets);
        Assert.Contains($"{_root}/balance/firewall/02.accept.conf:1: iptables: not honoured: iptables-translate is not available here (got iptables -A INPUT -p tcp --dport 80 -j ACCEPT)", Warnings(result));
    }

    [Fact]
    public void Pre_run_post_run_and_lsm_become_hook_directories_and_the_rest_is_named()
    {
        Directory.CreateDirectory(Path.Combine(_root, "balance/pre-run"));
        Directory.CreateDirectory(Path.Combine(_root, "balance/post-run"));
        Directory.CreateDirectory(Path.Combine(_root, "balance/lsm/up.d"));
        Write("balance/routes/01.local_routes.conf", "ip route add 10.0.0.0/8 dev eth1\n");
        Write("balance/README", "notes\n");

        var result = Load();

        var hooks = result.Config!.Hooks;
        Assert.Equal(Path.Combine(_root, "balance/pre-run"), hooks.PreRun);
        Assert.Equal(Path.Combine(_root, "balance/post-run"), hooks.PostRun);
        Assert.Equal(Path.Combine(_root, "balance/lsm"), hooks.Directory);
        Assert.True(hooks.LsmArguments);
        var warnings = Warnings(result);
        Assert.Contains($"{_root}/balance/routes/01.local_routes.conf:1: routes: not honoured: multiwan does not run route files; put the command in a hooks.post_run script (got ip route add 10.0.0.0/8 dev eth1)", warnings);
        Assert.Contains($"{_root}/balance/README:0: balance: not read by multiwan (it reads firewall/, routes/, pre-run/, post-run/ and lsm/)", warnings);
    }

    [Fact]
    public void A_balance_conf_without_a_directory_reads_as_before()
    {
        var result = Load();

        Assert.Empty(result.Errors);
        Assert.Empty(result.Config!.Firewall.Forwards);
        Assert.Equal("/etc/multiwan/hooks", result.Config.Hooks.Directory);
        Assert.Null(result.Config.Hooks.PreRun);
    }

    private ConfigLoadResult Load(IIptablesTranslator? translator = null)
    {
        var path = Path.Combine(_root, "balance.conf");
        File.WriteAllText(path, Conf);
        return ConfigLoader.Load(path, translator);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static List<string> Warnings(ConfigLoadResult result) => [.. result.Warnings.Select(w => w.ToString())];

    /// <summary>Answers from a table, as iptables-translate would for those lines; anything else cannot be translated.</summary>
    private sealed class FakeTranslator(Dictionary<string, string> answers) : IIptablesTranslator
    {
        public IReadOnlyList<string>? Translate(IReadOnlyList<string> arguments, out string error)
        {
            error = "iptables-translate cannot translate it";
            return answers.TryGetValue(string.Join(' ', arguments), out var nft) ? [nft] : null;
        }
    }
}
