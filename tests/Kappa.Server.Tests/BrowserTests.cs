using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Kappa.Server.Tests;

/// <summary>The web console in a real browser (Debian chromium via Playwright) against a real Kestrel server.</summary>
public sealed partial class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static ILocator FeedRow(IPage page, string name) => page.Locator($"#feeds tbody tr[data-name=\"{name}\"]");

    [Fact]
    public async Task The_page_shows_every_feed_with_its_name_and_length_and_the_view()
    {
        var page = await fixture.OpenConsoleAsync();
        await Expect(FeedRow(page, "big").Locator("td.length")).ToHaveTextAsync("10000");
        await Expect(FeedRow(page, "sensor").Locator("td.length")).ToHaveTextAsync("4");
        await Expect(page.Locator("#views li[data-view=sum] .state")).ToHaveTextAsync(new Regex("idle|indexing"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("serve-console.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Appending_through_the_form_shows_the_entry_live_without_a_reload()
    {
        var page = await fixture.OpenConsoleAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");
        await FeedRow(page, "local").ClickAsync();
        await Expect(page.Locator("#range")).ToHaveTextAsync(new Regex(@"of \d+$"));
        var before = long.Parse(await FeedRow(page, "local").Locator("td.length").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);

        await page.FillAsync("#append-writer", "local");
        await page.FillAsync("#append-value", """{"type":"chat","text":"typed in the browser"}""");
        await page.ClickAsync("#append-form button[type=submit]");

        await Expect(page.Locator("#append-result")).ToHaveTextAsync(new Regex($"appended: .* seq {before}$"));
        await Expect(page.Locator($"#entries tbody tr[data-seq=\"{before}\"] td.value")).ToHaveTextAsync("""{"type":"chat","text":"typed in the browser"}""");
        await Expect(FeedRow(page, "local").Locator("td.length")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#live li").First).ToContainTextAsync("typed in the browser");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("serve-append.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_entry_appended_by_someone_else_appears_live()
    {
        var page = await fixture.OpenConsoleAsync();
        var other = await fixture.Server.Core.WriterAsync("elsewhere");
        await other.AppendAsync(new { from = "another writer" });
        await Expect(FeedRow(page, "elsewhere").Locator("td.length")).ToHaveTextAsync("1");
        await Expect(page.Locator("#live li").Filter(new() { HasText = "another writer" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_value_that_is_not_JSON_is_refused_with_a_message()
    {
        var page = await fixture.OpenConsoleAsync();
        await page.FillAsync("#append-value", "{not json");
        await page.ClickAsync("#append-form button[type=submit]");
        await Expect(page.Locator("#append-result.error")).ToContainTextAsync("not JSON");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Looking_up_a_forked_key_shows_both_heads()
    {
        var page = await fixture.OpenConsoleAsync();
        await page.FillAsync("#kv-key", "theme");
        await page.ClickAsync("#kv-form button[type=submit]");
        await Expect(page.Locator("#kv-heads .fork")).ToHaveTextAsync("2 heads: writers forked this key");
        await Expect(page.Locator("#kv-heads li .value")).ToHaveCountAsync(2);
        await Expect(page.Locator("#kv-heads")).ToContainTextAsync("\"dark\"");
        await Expect(page.Locator("#kv-heads")).ToContainTextAsync("\"solarized\"");
        await page.FillAsync("#kv-key", "nothing-here");
        await page.ClickAsync("#kv-form button[type=submit]");
        await Expect(page.Locator("#kv-heads")).ToHaveTextAsync("no value for \"nothing-here\"");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sorted_list_shows_the_newest_entries_by_timestamp()
    {
        var page = await fixture.OpenConsoleAsync();
        await Expect(page.Locator("#list-title")).ToHaveTextAsync("newest 10 by timestamp");
        await Expect(page.Locator("#list tbody tr").First.Locator("td.num")).ToHaveTextAsync(new Regex(@"^1[78]000\d{5}$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_second_node_on_the_swarm_shows_as_a_peer_and_its_entries_arrive_live()
    {
        var page = await fixture.OpenConsoleAsync();
        using var dir = new Kappa.TestSupport.TempDirectory("serve-browser-peer");
        await using var peer = await Kappa.Core.KappaCore.OpenAsync(dir.Path);
        var writer = await peer.WriterAsync("second-node");
        await writer.AppendAsync(new { type = "chat", text = "hi from the second node", timestamp = 1_800_000_000 });
        var swarm = await Kappa.Swarm.FeedStoreSwarmExtensions.JoinSwarmAsync(peer.Store, LoopbackSwarm.Options);
        try
        {
            swarm.AddPeer(LoopbackSwarm.EndPoint(fixture.Server.Swarm!));
            await Expect(page.Locator("#peers-card")).ToBeVisibleAsync();
            await Expect(page.Locator("#peers li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#peers li")).ToContainTextAsync("peer " + swarm.PeerId[..8]);
            await Expect(page.Locator("#live li").Filter(new() { HasText = "hi from the second node" })).ToHaveCountAsync(1);
            await Expect(page.Locator("#list tbody tr").First).ToContainTextAsync("hi from the second node");
            await writer.AppendAsync(new { type = "chat", text = "and a second message", timestamp = 1_800_000_001 });
            await Expect(page.Locator("#live li").First).ToContainTextAsync("and a second message");
            await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("serve-peers.png") });
        }
        finally { await swarm.DisposeAsync(); }
        await Expect(page.Locator("#peers li")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Paging_through_ten_thousand_entries()
    {
        var page = await fixture.OpenConsoleAsync();
        await FeedRow(page, "big").ClickAsync();
        var rows = page.Locator("#entries tbody tr");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 0–49 of 10000");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(rows.First.Locator("td.num")).ToHaveTextAsync("0");

        await page.ClickAsync("#next");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 50–99 of 10000");
        await Expect(rows.First.Locator("td.num")).ToHaveTextAsync("50");

        await page.ClickAsync("#last");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 9950–9999 of 10000");
        await Expect(rows.Last.Locator("td.num")).ToHaveTextAsync("9999");
        await Expect(rows.Last.Locator("td.value")).ToHaveTextAsync("""{"n":9999,"kind":"fizz","at":1700009999}""");
        await Expect(page.Locator("#next")).ToBeDisabledAsync();

        await page.FillAsync("#goto", "5000");
        await page.DispatchEventAsync("#goto", "change");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 5000–5049 of 10000");
        await Expect(rows.First.Locator("td.num")).ToHaveTextAsync("5000");

        await page.ClickAsync("#prev");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 4950–4999 of 10000");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("serve-entries.png") });

        await page.ClickAsync("#first");
        await Expect(page.Locator("#range")).ToHaveTextAsync("seq 0–49 of 10000");
        await Expect(page.Locator("#prev")).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }
}
