namespace Kappa.TestSupport;

/// <summary>Process-wide settings every test assembly applies at load (see each project's TestHostSetup.cs).</summary>
public static class TestHost
{
    /// <summary>
    /// On a 2-core machine the thread pool starts with 2 threads, and xunit's runner keeps some
    /// busy; timers (keep-alives, timeouts) and continuations then wait for thread injection,
    /// adding seconds of jitter that sub-second protocol timeouts in tests cannot absorb.
    /// </summary>
    public static void Configure()
    {
        ThreadPool.GetMinThreads(out var worker, out var io);
        ThreadPool.SetMinThreads(Math.Max(worker, 32), Math.Max(io, 32));
    }
}
