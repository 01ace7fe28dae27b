using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Chaos;

/// <summary>
/// One swarm peer of the chaos test in its own host namespace: a C# <c>kappa swarm</c> or a JS
/// hyperswarm 2.15.3 + kappa-core 6 peer (tests/interop/lib/swarm-peer.js), both on the LAN only.
/// Entries are appended only while it is down, by a separate process whose exit 0 is the
/// acknowledgement (the swarm processes themselves never write their own entries).
/// </summary>
internal sealed class ChaosPeer(int index, bool js, NetworkNamespace host, string store, string key)
{
    private int _appended;

    public int Index { get; } = index;

    public bool IsJs { get; } = js;

    public string Store { get; } = store;

    /// <summary>The running swarm process, null while down.</summary>
    public JsProcess? Process { get; private set; }

    /// <summary>When a down peer comes back (null while up, or before it first joins).</summary>
    public DateTime? BackAt { get; set; }

    public string Name => (IsJs ? "js" : "cs") + Index;

    public void Start()
    {
        Process = IsJs
            ? JsReference.StartIn(host, ["swarm", "--store", Store, "--key", key])
            : JsReference.StartKappaIn(host, ["swarm", "--store", Store, "--key", key, "--no-dht", "--json"]);
        BackAt = null;
    }

    /// <summary>kill -9 (the whole process, no goodbye).</summary>
    public async Task KillAsync()
    {
        await Process!.DisposeAsync();
        Process = null;
    }

    /// <summary>Leaves politely (SIGTERM, then kill after the grace time).</summary>
    public async Task LeaveAsync()
    {
        await Process!.StopAsync(TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
        Process = null;
    }

    /// <summary>Appends <paramref name="count"/> entries while down; returns the values once acknowledged (the writer exited 0).</summary>
    public async Task<IReadOnlyList<string>> AppendAsync(int count)
    {
        if (Process is not null) throw new InvalidOperationException(Name + " is running");
        var values = Enumerable.Range(_appended, count).Select(n => JsonSerializer.Serialize($"{Name}-{n}")).ToList();
        if (IsJs) await JsReference.AppendAsync(Store, "default", values);
        else
        {
            var result = await KappaTool.RunAsync(["append", "--store", Store, .. values]);
            if (result.ExitCode != 0) throw new InvalidOperationException($"append to {Name} failed: {result}");
        }
        _appended += count;
        return values;
    }

    /// <summary>The number of feeds a running C# peer last reported (0 if none yet).</summary>
    public int Feeds => Process?.Lines.LastOrDefault(l => l.IsEvent("entries") && l.TryGetProperty("feeds", out _)) is { ValueKind: JsonValueKind.Object } last ? last.GetProperty("feeds").GetInt32() : 0;

    /// <summary>The last <c>entries</c> total the running peer reported (-1 if none yet).</summary>
    public long Entries => Process?.Lines.LastOrDefault(l => l.IsEvent("entries")) is { ValueKind: JsonValueKind.Object } last ? last.GetProperty("total").GetInt64() : -1;
}
