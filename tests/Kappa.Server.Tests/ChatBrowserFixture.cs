using Microsoft.Playwright;

namespace Kappa.Server.Tests;

/// <summary>
/// A cabal served by Kestrel on a loopback swarm (replicating as cabal-core does) and one Debian
/// chromium, shared by the chat browser tests. Seeded with a nick, topics, a few messages in
/// #default and 120 in #history to scroll back through.
/// </summary>
public sealed class ChatBrowserFixture : IAsyncLifetime
{
    public const int HistoryCount = 120;
    private IPlaywright? _playwright;

    public CabalServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await CabalServer.StartAsync(kestrel: true, swarm: true, seed: async cabal =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await cabal.SetNickAsync("kappa-serve");
            await cabal.SetTopicAsync("default", "Kappa.NET's cabal, served over HTTP");
            await cabal.SendAsync("welcome — this console reads the cabal's views live", "default", now - 600_000);
            await cabal.SendAsync("messages from peers appear here without a reload", "default", now - 540_000);
            await cabal.JoinAsync("misc");
            await cabal.SetTopicAsync("misc", "anything else");
            for (var i = 0; i < HistoryCount; i++) await cabal.SendAsync($"history {i:000}", "history", now - 7_200_000 + (i * 60_000));
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>A fresh page (own context) at the console with the chat shown.</summary>
    public async Task<IPage> OpenConsoleAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 }, BaseURL = Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live");
        await Assertions.Expect(page.Locator("#chat-card")).ToBeVisibleAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}
