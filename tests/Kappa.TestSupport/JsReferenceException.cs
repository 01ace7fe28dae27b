namespace Kappa.TestSupport;

/// <summary>The JS reference peer is missing, failed, or ended without the expected output.</summary>
public sealed class JsReferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsReferenceException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public JsReferenceException() { }

    /// <summary>Creates the exception.</summary>
    public JsReferenceException(string message, Exception innerException) : base(message, innerException) { }
}
