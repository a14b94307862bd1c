using System.CommandLine;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary><c>multiwan reload</c>: the daemon re-reads its config; a bad one is refused with every error and the running one stays.</summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("reload", "Re-read the configuration: validated first, reconciled without restarting healthy links") { config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            var response = await ControlCli.RequestAsync(ControlCli.Client(parsed, socket, config), new ControlRequest { Command = "reload" }, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
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
