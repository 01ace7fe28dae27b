using Kappa.Hypercore;

namespace Kappa.Cli.Commands;

/// <summary>A value given to <c>kappa append</c> that cannot be stored as it was meant (code <see cref="BadValue"/>).</summary>
internal sealed class BadValueException(string message) : KappaException(BadValue, message)
{
    /// <summary>The stable code of this error.</summary>
    public const string BadValue = "KAPPA_BAD_VALUE";
}
