using System.CommandLine;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary>
/// The verbs that send the daemon one request and print its one-line answer: <c>link up|down|auto NAME</c>,
/// <c>reload</c>, <c>stop [--cleanup]</c>. Each is its request and its wait; the rest (--config, --socket, errors) is one piece.
/// </summary>
internal static class ControlVerbs
{
    /// <summary><c>multiwan link up|down|auto NAME</c>: the operator override of one link.</summary>
    public static Command Link()
    {
        var action = new Argument<string>("action") { Description = "up (force in service), down (take out of service), auto (follow health)" };
        action.AcceptOnlyFromAmong("up", "down", "auto");
        var name = new Argument<string>("name") { Description = "The link's name" };
        return Verb(
            "link", "Force a link up or down, or give it back to health checking (auto)", TimeSpan.FromSeconds(30), [action, name],
            parsed => new ControlRequest { Command = "link", Action = parsed.GetValue(action), Link = parsed.GetValue(name) });
    }

    /// <summary><c>multiwan reload</c>: the daemon re-reads its config; a bad one is refused with every error and the running one stays.</summary>
    public static Command Reload() => Verb(
        "reload", "Re-read the configuration: validated first, reconciled without restarting healthy links", TimeSpan.FromSeconds(60), [],
        _ => new ControlRequest { Command = "reload" });

    /// <summary><c>multiwan stop [--cleanup]</c>: stop the daemon, leaving the kernel state in place unless asked to remove it.</summary>
    public static Command Stop()
    {
        var cleanup = new Option<bool>("--cleanup") { Description = "Also remove every nft table, route and rule multiwan owns (default: leave them so traffic keeps flowing)" };
        return Verb(
            "stop", "Stop the daemon (fail-static: kernel state stays unless --cleanup)", TimeSpan.FromSeconds(60), [cleanup],
            parsed => new ControlRequest { Command = "stop", Cleanup = parsed.GetValue(cleanup) });
    }

    private static Command Verb(string name, string description, TimeSpan timeout, Symbol[] symbols, Func<ParseResult, ControlRequest> request)
    {
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        command.Options.Add(config);
        command.Options.Add(socket);
        command.SetAction(parsed =>
        {
            var response = ControlCli.Request(parsed, ControlCli.Client(parsed, socket, config), request(parsed), timeout);
            if (response is null)
            {
                return Cli.Failure;
            }

            Cli.Output(parsed).WriteLine(response.Message);
            return Cli.Ok;
        });
        return command;
    }
}
