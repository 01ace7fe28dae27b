namespace Kappa.TestSupport;

/// <summary>A kappa-js.js process did not exit, or did not print an awaited line, in time.</summary>
public sealed class JsTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with the process's output so far.</summary>
    public JsTimeoutException(string message, int processId, IReadOnlyList<string> stdoutLines, string stderr) : base(message)
    {
        ProcessId = processId;
        StdoutLines = stdoutLines;
        Stderr = stderr;
    }

    /// <summary>The node process id.</summary>
    public int ProcessId { get; }

    /// <summary>Stdout lines received before the timeout.</summary>
    public IReadOnlyList<string> StdoutLines { get; }

    /// <summary>Stderr received before the timeout.</summary>
    public string Stderr { get; }
}
