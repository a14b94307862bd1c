using System.CommandLine;
using Multiwan.Cli;

var root = new RootCommand("multiwan: balance and fail over traffic across several Internet uplinks");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

StatusCommand.Attach(root);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    return Cli.Error($"{parsed.Errors[0].Message} (see 'multiwan --help')", Cli.Usage);
}

return await parsed.InvokeAsync().ConfigureAwait(false);
