using Multiwan.Cli;

return await CliRoot.InvokeAsync(args, Console.Out, Console.Error, ownsProcess: true).ConfigureAwait(false);
