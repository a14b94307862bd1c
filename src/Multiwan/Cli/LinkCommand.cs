using System.CommandLine;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary><c>multiwan link up|down|auto NAME</c>: the operator override of one link.</summary>
internal static class LinkCommand
{
    public static Command Create()
    {
        var action = new Argument<string>("action") { Description = "up (force in service), down (take out of service), auto (follow health)" };
        action.AcceptOnlyFromAmong("up", "down", "auto");
        var name = new Argument<string>("name") { Description = "The link's name" };
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("link", "Force a link up or down, or give it back to health checking (auto)") { action, name, config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            var request = new ControlRequest { Command = "link", Action = parsed.GetValue(action), Link = parsed.GetValue(name) };
            var response = await ControlCli.RequestAsync(ControlCli.Client(parsed, socket, config), request, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            if (response is null)
            {
                return Cli.Failure;
            }

            Console.WriteLine(response.Message);
            return Cli.Ok;
        });
        return command;
    }
}
