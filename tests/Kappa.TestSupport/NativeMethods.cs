using System.Runtime.InteropServices;

namespace Kappa.TestSupport;

// POSIX kill(2): .NET's Process can only SIGKILL, and a graceful stop of a JS peer needs SIGTERM.
// DllImport, not LibraryImport: the source-generated form needs AllowUnsafeBlocks, and two
// blittable ints need no marshalling anyway.
internal static class NativeMethods
{
    internal const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Kill(int pid, int signal);
}
