using System.Globalization;
using System.Net;
using System.Text.Json;
using Kappa.TestSupport;
using Microsoft.Playwright;

namespace Kappa.Server.Tests;

/// <summary>The chat in the web console, in Debian chromium against a served cabal, with a real cabal-core 13.2.0 peer.</summary>
public sealed class ChatBrowserTests(ChatBrowserFixture fixture) : IClassFixture<ChatBrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static ILocator Message(IPage page, string text) => page.Locator("#chat-list li").Filter(new() { HasText = text });

    [Fact]
    public async Task Channels_show_with_topics_and_scrolling_back_pages_through_older_messages()
    {
        var page = await fixture.OpenConsoleAsync();
        await Expect(page.Locator("#channels li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#channels li[data-channel=misc] .channel-topic")).ToHaveTextAsync("anything else");
        await Expect(page.Locator("#chat-topic")).ToHaveTextAsync("Kappa.NET's cabal, served over HTTP");
        await Expect(Message(page, "welcome").Locator(".nick")).ToHaveTextAsync("kappa-serve");

        await page.ClickAsync("#channels li[data-channel=history]");
        var rows = page.Locator("#chat-list li");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(rows.Last).ToContainTextAsync("history 119");
        // The button's own click, without Playwright scrolling it into view first: scrolling the box
        // to the top loads a page by itself (tested below), and on a slow machine that page moved
        // the button away between the scroll and the click, so the click kept retrying until every
        // page was loaded and the button hid (CI: timeout after 30 s).
        await page.Locator("#chat-older").DispatchEventAsync("click");
        await Expect(rows).ToHaveCountAsync(100);
        await Expect(rows.First).ToContainTextAsync("history 020");
        // Scrolling to the top loads the rest; every message once, in order.
        await page.EvalOnSelectorAsync("#chat-messages", "box => box.scrollTop = 0");
        await Expect(rows).ToHaveCountAsync(ChatBrowserFixture.HistoryCount);
        await Expect(page.Locator("#chat-older")).ToBeHiddenAsync();
        var texts = await rows.Locator(".text").AllTextContentsAsync();
        Assert.Equal(Enumerable.Range(0, ChatBrowserFixture.HistoryCount).Select(i => $"history {i:000}"), texts);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_message_typed_in_the_send_box_appears_live_with_our_nick()
    {
        var page = await fixture.OpenConsoleAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");
        await page.FillAsync("#chat-text", "typed in the browser");
        await page.ClickAsync("#chat-form button[type=submit]");
        await Expect(Message(page, "typed in the browser").Locator(".nick")).ToHaveTextAsync("kappa-serve");
        await Expect(Message(page, "typed in the browser")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmine\b"));
        await Expect(page.Locator("#chat-text")).ToHaveValueAsync("");

        await page.FillAsync("#chat-text", "/topic a topic set from the browser");
        await page.ClickAsync("#chat-form button[type=submit]");
        await Expect(page.Locator("#chat-topic")).ToHaveTextAsync("a topic set from the browser");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await page.Context.CloseAsync();
    }

    [JsFact]
    public async Task A_message_from_cabal_core_on_a_second_node_arrives_live_and_ours_reaches_it()
    {
        var page = await fixture.OpenConsoleAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");
        using var dir = new TempDirectory("serve-cabal-js");
        await using var js = JsReference.Start(["cabal", "--store", dir.Combine("cabal"), "--key", fixture.Server.Cabal.Key.Hex, "--nick", "cabal-js"]);
        var ready = await js.WaitForLineAsync(l => l.IsEvent("ready"), Timeout);
        var port = (await Command(js, """{"cmd":"listen"}""", "listen")).GetProperty("port").GetInt32();
        // The served store's swarm dials the cabal-core peer (loopback only: no mDNS, no DHT).
        fixture.Server.Swarm!.AddPeer(new IPEndPoint(IPAddress.Loopback, port));

        await page.FillAsync("#chat-text", "hello cabal-core, from the browser");
        await page.ClickAsync("#chat-form button[type=submit]");
        await Command(js, """{"cmd":"send","channel":"default","text":"hello from cabal-core on a second node"}""", "send");

        var theirs = Message(page, "hello from cabal-core on a second node");
        await Expect(theirs.Locator(".nick")).ToHaveTextAsync("cabal-js");
        Assert.Equal(ready.Str("local"), await theirs.GetAttributeAsync("data-key"));
        var mine = fixture.Server.Cabal.LocalKey;
        await js.WaitForLineAsync(l => l.IsEvent("message") && l.Str("key") == mine && l.GetProperty("value").GetProperty("content").Str("text") == "hello cabal-core, from the browser", Timeout);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("serve-cabal.png") });
        await page.Context.CloseAsync();
    }

    private static Task<JsonElement> Command(JsProcess cabal, string json, string name) => cabal.RequestAsync(json, name, Timeout);
}
