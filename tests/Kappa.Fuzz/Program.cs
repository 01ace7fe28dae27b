using Kappa.Fuzz;
using Kappa.Hypercore;

// Usage: Kappa.Fuzz TARGET           — run under AFL++ (instrumented by sharpfuzz; see scripts/fuzz-long.sh)
//        Kappa.Fuzz TARGET FILE...   — run the target on files (crash reproduction)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("usage: Kappa.Fuzz TARGET [FILE...]  targets: " + string.Join(", ", FuzzTargets.All.Keys));
    return 2;
}
if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        try { target(File.ReadAllBytes(file)); }
        catch (KappaException) { }
    }
    return 0;
}
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    try { target(ms.ToArray()); }
    catch (KappaException) { } // typed errors are the contract; anything else is a crash AFL records
});
return 0;
