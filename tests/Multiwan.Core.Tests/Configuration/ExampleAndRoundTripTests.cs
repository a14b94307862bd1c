namespace Multiwan.Configuration;

public sealed class ExampleAndRoundTripTests
{
    public static TheoryData<string> Examples => ExampleFiles.All();

    [Fact]
    public void The_examples_directory_holds_the_five_documented_examples()
    {
        var names = Directory.GetFiles(ExampleFiles.Directory()).Select(Path.GetFileName);

        Assert.Equal(["balance.conf", "balanced.yaml", "dual-stack.yaml", "failover-metered.yaml", "policy-rules.yaml"], names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_loads_without_errors(string name)
    {
        var result = ConfigLoader.Load(Path.Combine(ExampleFiles.Directory(), name));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Config);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_round_trips_through_the_yaml_writer(string name)
    {
        var original = ConfigLoader.Load(Path.Combine(ExampleFiles.Directory(), name)).Config!;

        var yaml = ConfigYamlWriter.Write(original);
        var again = ConfigLoader.Parse(yaml, "imported.yaml");

        Assert.Empty(again.Errors);
        Assert.True(ConfigValues.DeepEquals(original, again.Config), yaml);
        Assert.Equal(yaml, ConfigYamlWriter.Write(again.Config!));
    }

    [Fact]
    public void The_balance_conf_example_imports_as_documented()
    {
        var config = ConfigLoader.Load(Path.Combine(ExampleFiles.Directory(), "balance.conf")).Config!;

        Assert.Equal([("CABLE", "eth0", 2), ("DSL", "ppp0", 1)], config.Links.Select(l => (l.Name, l.Interface, l.Weight)));
        Assert.Equal(["eth1"], config.Lan);
    }

    [Fact]
    public void Every_kind_of_value_round_trips()
    {
        const string Rich = """
            mode: failover
            lan: [eth2, "eth3:1"]
            links:
              - name: a
                interface: eth0.10
                gateway: 192.0.2.254
                source: 192.0.2.10
                weight: 7
                tier: 2
                metered: true
                nat: snat
                method: tcp
                targets:
                  - 192.0.2.1
                  - address: 192.0.2.2
                    method: http
                    port: 8080
                    path: /health check
                    host: "yes"
                    tls: true
                    expect_status: "204"
                  - address: 192.0.2.3
                    method: dns
                    query: example.org
                    expect_rcode: nxdomain
                health:
                  interval: 1m30s
                  quality:
                    loss_fail: null
                    jitter_fail: 50ms
                    jitter_recover: 20ms
              - name: b
                interface: ppp0
                backup: true
                targets: [198.51.100.1, 198.51.100.2]
            health:
              fast_interval: 150ms
              hold_down: 0s
              initial_state: online
              quality:
                loss_recover: 12.5
                action: reduce
                reduced_weight_percent: 40
            policies:
              - name: p
                links: [a]
                mode: balanced
                last_resort: blackhole
            rules:
              - name: r
                src: [10.0.0.0/8]
                dst: 192.0.2.0/24
                protocol: udp
                src_port: [1000-2000]
                dst_port: [53, "5353"]
                use: p
                sticky: 1h
            last_resort: unreachable
            hooks:
              directory: /etc/mw hooks
              timeout: 3s
              lsm_arguments: true
            notifications:
              email:
                server: 192.0.2.25
                port: 587
                starttls: true
                username: "null"
                from: mw@example.org
                to: [a@example.org, b@example.org]
                aggregate: 1m
                max_per_hour: 5
              webhooks:
                - name: w
                  url: https://192.0.2.80/hook?x=1&y=2
                  timeout: 2s
                  retries: 0
              secrets_file: /etc/multiwan/secrets
            kernel:
              mark_mask: 0xff0000
              table_first: 300
              table_last: 310
              rule_priority_first: 2000
              rule_priority_last: 2100
              protocol: 99
              main_default_route: false
              main_route_metric: 10
              flush_conntrack_on_down: false
            daemon:
              socket: /run/mw.sock
              state_directory: /var/lib/mw
              journal_max_bytes: 65536
              metrics: 127.0.0.1:9733
            """;
        var original = ConfigLoader.Parse(Rich, "rich.yaml");
        Assert.Empty(original.Errors);

        var yaml = ConfigYamlWriter.Write(original.Config!);
        var again = ConfigLoader.Parse(yaml, "again.yaml");

        Assert.Empty(again.Errors);
        Assert.True(ConfigValues.DeepEquals(original.Config, again.Config), yaml);
        Assert.Null(again.Config!.Links[0].Health.Quality.LossFail);
        Assert.Equal("null", again.Config.Notifications.Email!.Username);
        Assert.Equal(TimeSpan.FromMilliseconds(150), again.Config.Links[0].Health.FastInterval);
    }

    [Fact]
    public void Deep_equality_sees_a_changed_list_item()
    {
        var config = ConfigLoader.Load(Path.Combine(ExampleFiles.Directory(), "balanced.yaml")).Config!;
        var changed = config with { Links = [config.Links[0], config.Links[1] with { Targets = [new TargetConfig { Address = "192.0.2.99" }] }] };

        Assert.False(ConfigValues.DeepEquals(config, changed));
        Assert.True(ConfigValues.DeepEquals(config, config with { Links = config.Links.ToList() }));
    }
}
