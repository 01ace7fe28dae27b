using Kappa.CrashHost;

// Usage: Kappa.CrashHost append DIR SEED | index DIR MAXBATCH
//   appends batches of {"n": i} to writer "crash" forever, printing "acked <length>" after each
//   acknowledged append; the crash test kills it with SIGKILL at a random moment.
return args switch
{
    ["append", var dir, var seed] => await AppendLoop.RunAsync(dir, int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture)),
    ["index", var dir, var batch] => await IndexLoop.RunAsync(dir, int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture)),
    ["diskfull", var dir] => await DiskFullLoop.RunAsync(dir),
    ["views-list", var dir, var batch] => await ViewsListLoop.RunAsync(dir, int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture)),
    ["views-kv", var dir, var batch] => await ViewsKvLoop.RunAsync(dir, int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture)),
    ["views-spatial", var dir, var batch] => await ViewsSpatialLoop.RunAsync(dir, int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture)),
    ["views-chat", var dir, _] => await ViewsChatLoop.RunAsync(dir),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Kappa.CrashHost append DIR SEED | index DIR MAXBATCH | views-list DIR MAXBATCH | views-kv DIR MAXBATCH | views-spatial DIR MAXBATCH | views-chat DIR _ | diskfull DIR");
    return 2;
}
