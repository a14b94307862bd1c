using System.CommandLine;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary><c>multiwan stop [--cleanup]</c>: stop the daemon, leaving the kernel state in place unless asked to remove it.</summary>
internal static class StopCommand
{
    public static Command Create()
    {
        var cleanup = new Option<bool>("--cleanup") { Description = "Also remove every nft table, route and rule multiwan owns (default: leave them so traffic keeps flowing)" };
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("stop", "Stop the daemon (fail-static: kernel state stays unless --cleanup)") { cleanup, config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            var request = new ControlRequest { Command = "stop", Cleanup = parsed.GetValue(cleanup) };
            var response = await ControlCli.RequestAsync(ControlCli.Client(parsed, socket, config), request, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
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
