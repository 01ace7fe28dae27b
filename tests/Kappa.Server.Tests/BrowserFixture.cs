using Kappa.TestSupport;
using Microsoft.Playwright;

namespace Kappa.Server.Tests;

/// <summary>
/// One Kestrel server over a seeded store and one Debian chromium (driven by Playwright's bundled
/// driver, which needs nothing from the internet) shared by a test class.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download cannot reach the internet here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public StoreServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// Where a screenshot goes: docs/images in the repository (the README's pictures) when
    /// KAPPA_SCREENSHOTS=1, else the test output folder, so an ordinary test run leaves the work tree clean.
    /// </summary>
    public static string Screenshot(string name)
    {
        var root = Environment.GetEnvironmentVariable("KAPPA_SCREENSHOTS") == "1"
            ? Path.Combine(RepoPaths.Repository, "docs", "images")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        return Path.Combine(Directory.CreateDirectory(root).FullName, name);
    }

    public async Task InitializeAsync()
    {
        Server = await StoreServer.StartAsync(kestrel: true, seed: async core =>
        {
            var big = await core.WriterAsync("big");
            for (var i = 0; i < 10; i++)
                await big.AppendBatchAsync(Enumerable.Range(i * 1000, 1000).Select(n => new { n, kind = n % 3 == 0 ? "fizz" : "plain", at = 1_700_000_000 + n }));
            var sensor = await core.WriterAsync("sensor");
            await sensor.AppendBatchAsync(new[] { 21.5, 21.7, 22.1, 21.9 });
            var local = await core.WriterAsync("local");
            await local.AppendAsync(new { type = "chat", text = "hello from the seed", timestamp = 1_700_000_100 });
            var settings = await core.WriterAsync("settings");
            var first = await settings.AppendAsync(new { key = "theme", value = "light", timestamp = 1_700_000_000 });
            await settings.AppendAsync(new { key = "theme", value = "dark", links = new[] { $"{settings.Key}@{first}" }, timestamp = 1_700_000_050 });
            await local.AppendAsync(new { key = "theme", value = "solarized", links = new[] { $"{settings.Key}@{first}" }, timestamp = 1_700_000_060 });
        }, joinSwarm: core => Kappa.Swarm.FeedStoreSwarmExtensions.JoinSwarmAsync(core.Store, LoopbackSwarm.Options));
        await Server.Core.ReadyAsync("sum");
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's chromium, headless, with nothing that reaches out to the network by itself.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page (own context) at the console, 1280×860, with the feeds shown.</summary>
    public async Task<IPage> OpenConsoleAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 }, BaseURL = Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}
