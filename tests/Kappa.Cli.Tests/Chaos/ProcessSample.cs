using System.Globalization;

namespace Kappa.Cli.Tests.Chaos;

/// <summary>What a running process holds, read from <c>/proc/PID</c>: resident memory, open file descriptors, threads.</summary>
internal sealed record ProcessSample(long RssKiB, int Fds, int Threads)
{
    /// <summary>Reads the sample of <paramref name="pid"/>; null if it has exited meanwhile.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            long rss = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
            }
            return new ProcessSample(rss, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <inheritdoc />
    public override string ToString() => $"RSS {RssKiB / 1024} MiB, {Fds} fds, {Threads} threads";
}
