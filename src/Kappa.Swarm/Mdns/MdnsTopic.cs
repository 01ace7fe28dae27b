using System.Security.Cryptography;

namespace Kappa.Swarm.Mdns;

/// <summary>One joined topic on <see cref="MulticastDnsDiscovery"/>: its name, its TXT id, and its lookup loop.</summary>
internal sealed class MdnsTopic(MulticastDnsDiscovery owner, byte[] topic, int port, bool announce, bool lookup) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _lookups = Task.CompletedTask;
    private int _disposed;

    public byte[] Topic { get; } = topic;

    public string Name { get; } = HyperswarmMdns.NameOf(topic);

    public byte[] Id { get; } = HyperswarmMdns.NewId();

    public int Port => port;

    public bool Announce => announce;

    public bool Lookup => lookup;

    public bool Matches(string name) => string.Equals(name, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Queries now, then after a random 1–2 × <paramref name="interval"/> each time (hyperswarm: 30–60 s).</summary>
    public void StartLookups(TimeSpan interval, CancellationToken ct)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        _lookups = Task.Run(async () =>
        {
            using (linked)
            {
                var query = HyperswarmMdns.Query(Name);
                while (!linked.IsCancellationRequested)
                {
                    owner.Send(query);
                    var wait = interval * (1 + RandomNumberGenerator.GetInt32(1000) / 1000.0);
                    try { await Task.Delay(wait, linked.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Leaves the topic: no more lookups or answers (mDNS has no way to unannounce).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        owner.Leave(this);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _lookups.ConfigureAwait(false);
        _stop.Dispose();
    }
}
