using System.CommandLine;
using Kappa.Hypercore;

namespace Kappa.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static Option<string> Store(bool required = true) => new("--store", "-s")
    {
        Description = "The store directory (feeds 0/, 1/, … as kappa-core 6 writes them).",
        Required = required,
    };

    public static Option<string> Encoding() => new("--encoding")
    {
        Description = "Value encoding of the store's feeds: json (default), utf-8 or binary.",
        DefaultValueFactory = _ => "json",
    };

    public static ValueEncoding ParseEncoding(string name) => ValueEncoding.Parse(name);
}
