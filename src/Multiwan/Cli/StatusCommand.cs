using System.CommandLine;
using System.Text.Json;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary><c>multiwan status [--json]</c> (also bare <c>multiwan</c>): every link's state, traffic share and figures, from the daemon.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show every link's state, share of traffic and probe figures (the default command)");
        Attach(command);
        return command;
    }

    /// <summary>Adds the options and the action to <paramref name="command"/> (the root command shows status too).</summary>
    public static void Attach(Command command)
    {
        var json = Cli.JsonOption();
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        command.Options.Add(json);
        command.Options.Add(config);
        command.Options.Add(socket);
        command.SetAction(parsed =>
        {
            var response = ControlCli.Request(parsed, ControlCli.Client(parsed, socket, config), new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(10));
            if (response?.Status is not { } status)
            {
                return response is null ? Cli.Failure : Cli.Error(Cli.Errors(parsed), "the daemon sent no status");
            }

            var output = Cli.Output(parsed);
            output.Write(parsed.GetValue(json)
                ? JsonSerializer.Serialize(status, ControlCli.Json.StatusSnapshot) + "\n"
                : StatusView.Render(status, TimeProvider.System.GetUtcNow(), ControlCli.UseColour(output)));
            return Cli.Ok;
        });
    }
}
