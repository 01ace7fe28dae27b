namespace Kappa.Core.Views;

/// <summary>A view stopped on an error; it stays faulted (and other views keep going) until <c>Resume</c>.</summary>
public sealed class ViewFaultedEventArgs(ViewException error) : EventArgs
{
    /// <summary>What failed: the view, the feed and block, and the cause.</summary>
    public ViewException Error { get; } = error;
}
