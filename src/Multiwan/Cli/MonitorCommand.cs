using System.CommandLine;
using System.Text.Json;
using Multiwan.Control;
using Multiwan.Events;

namespace Multiwan.Cli;

/// <summary><c>multiwan monitor [--json]</c>: print events live as they happen, until Ctrl-C.</summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var json = Cli.JsonOption();
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("monitor", "Print events as they happen (one line each; --json: one JSON object per line)") { json, config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            var client = ControlCli.Client(parsed, socket, config);
            try
            {
                await foreach (var response in client.StreamAsync(new ControlRequest { Command = "monitor" }, ct).ConfigureAwait(false))
                {
                    if (!response.Ok)
                    {
                        return Cli.Error(Cli.Errors(parsed), response.Error ?? "the daemon refused the request");
                    }

                    if (response.Event is { } e)
                    {
                        Cli.Output(parsed).WriteLine(parsed.GetValue(json) ? JsonSerializer.Serialize(e, EventJsonContext.Default.LinkEvent) : EventText.Line(e));
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Cli.Ok; // Ctrl-C.
            }

            return Cli.Error(Cli.Errors(parsed), "the daemon closed the connection (stopped?)");
        });
        return command;
    }
}
