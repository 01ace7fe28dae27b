namespace Kappa.Server;

/// <summary>Settings of <c>kappa serve</c>: where it listens, who may call it, and the limits it enforces.</summary>
public sealed record KappaServerOptions
{
    /// <summary>The settings <c>kappa serve</c> uses when given none.</summary>
    public static KappaServerOptions Default { get; } = new();

    /// <summary>The default address: loopback only, so no access token is needed.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8480";

    /// <summary>Addresses to listen on (Kestrel's <c>--urls</c> syntax, <c>;</c>-separated).</summary>
    public string Urls { get; init; } = DefaultUrl;

    /// <summary>
    /// When set, every request must carry it (<c>Authorization: Bearer TOKEN</c>, or
    /// <c>?access_token=TOKEN</c> for the page and EventSource, which cannot set headers).
    /// <c>kappa serve</c> sets one whenever it listens beyond loopback.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>Largest request body accepted (one appended JSON value); larger is 413 <c>KAPPA_HTTP_TOO_LARGE</c>.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Most entries one page may ask for; more is 400 <c>KAPPA_HTTP_LIMIT</c>.</summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>Entries returned when a page asks for no <c>limit</c>.</summary>
    public int DefaultPageSize { get; init; } = 100;

    /// <summary>
    /// Events queued for one live-events client before it is cut off as too slow (it gets an
    /// <c>overflow</c> event if it is still there and may reconnect). Appends never wait for a client.
    /// </summary>
    public int EventQueueCapacity { get; init; } = 16_384;

    /// <summary>
    /// Most recent events kept so that a client reconnecting with <c>Last-Event-ID</c> gets what it
    /// missed (0: none kept; such a client starts over with <c>hello</c>).
    /// </summary>
    public int EventReplayCount { get; init; } = 4096;

    /// <summary>Most bytes of recent events kept for reconnecting clients (large values count as they are).</summary>
    public long EventReplayBytes { get; init; } = 8 << 20;

    /// <summary>How often a live-events connection gets a comment line when idle (finds vanished clients, keeps proxies open).</summary>
    public TimeSpan EventHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often view progress is sampled for <c>view</c> events.</summary>
    public TimeSpan ViewPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
