using Kappa.Hypercore;

namespace Kappa.Views.List;

/// <summary>A list or query read was given something it cannot use.</summary>
public sealed class ListException : KappaException
{
    /// <summary>A cursor names an entry that is not in the list.</summary>
    public const string UnknownEntry = "KAPPA_LIST_UNKNOWN_ENTRY";

    /// <summary>Creates the error.</summary>
    public ListException(string code, string message) : base(code, message) { }
}
