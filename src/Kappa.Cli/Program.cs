using Kappa.Cli;

return await KappaCli.RunAsync(args).ConfigureAwait(false);
