using System.Text.Json;
using Kappa.Chat;
using Kappa.Server.Problems;
using Kappa.Views;
using Kappa.Views.List;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary>
/// <c>/api/chat</c>: the cabal a store is served as (<c>kappa serve</c> on a store <c>kappa chat</c>
/// made, or with <c>--cabal</c>): channels with topics, pages of a channel's messages with author
/// nicks, sending, and our nick. On any other store every chat endpoint is 404 <c>KAPPA_HTTP_NOT_CABAL</c>.
/// </summary>
internal static class ChatEndpoints
{
    /// <summary>Longest message text accepted, in UTF-16 code units (cabal-core sets none; this bounds one entry).</summary>
    public const int MaxText = 10_000;
    /// <summary>Longest channel name or nick accepted.</summary>
    public const int MaxName = 100;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] Types = ["chat/text", "chat/emote", "chat/topic"];

    public static RouteGroupBuilder MapChat(this RouteGroupBuilder api)
    {
        var chat = api.MapGroup("/chat").WithTags("Chat");
        chat.MapGet("/", Info).WithName("GetCabal").WithSummary("The cabal served: its key (cabal://…), our writer's key and our nick.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapGet("/channels", Channels).WithName("ListChannels").WithSummary("Every channel (ordinal order) with its topic and member count.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapGet("/channels/{channel}/messages", Messages).WithName("ListMessages")
            .WithSummary("A page of the channel's messages, oldest first, ordered by the timestamp each author claimed (ties by feed, seq): the newest limit (default 100, at most 1000) messages, or those just before=CURSOR (scroll back) or just after=CURSOR (catch up); cursors are a message's FEEDHEX@SEQ and exclusive, so pages never skip or repeat. Authors hidden, muted or blocked by a moderator are left out; each message carries its author's nick.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapPost("/channels/{channel}/messages", Send).WithName("SendMessage")
            .WithSummary("Appends {text, type} to our writer as cabal-core 13 writes it (type chat/text by default, chat/emote, or chat/topic to set the topic); returns {key, seq, cursor} once stored. Peers get it by replication; clients get a chat event.")
            .Accepts<SendMessage>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        chat.MapPut("/nick", Nick).WithName("SetNick").WithSummary("Sets our nick (an about message, as cabal-core's publishNick).")
            .Accepts<SetNick>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<Results<Ok<ChatInfo>, ProblemHttpResult>> Info(CabalAccess access, CancellationToken ct)
    {
        if (access.Cabal is not { } cabal) return NotCabal();
        await cabal.ReadyAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new ChatInfo(cabal.Key.ToString(), cabal.LocalKey, await cabal.State.NickAsync(cabal.LocalKey, ct).ConfigureAwait(false)));
    }

    private static async Task<Results<Ok<ChannelInfo[]>, ProblemHttpResult>> Channels(CabalAccess access, CancellationToken ct)
    {
        if (access.Cabal is not { } cabal) return NotCabal();
        await cabal.ReadyAsync(ct).ConfigureAwait(false);
        var channels = new List<ChannelInfo>();
        foreach (var name in await cabal.State.ChannelsAsync(ct).ConfigureAwait(false))
            channels.Add(new ChannelInfo(name, await cabal.State.TopicAsync(name, ct).ConfigureAwait(false), (await cabal.State.MembersAsync(name, ct).ConfigureAwait(false)).Count));
        return TypedResults.Ok(channels.ToArray());
    }

    private static async Task<Results<Ok<ChatMessageInfo[]>, ProblemHttpResult>> Messages(
        string channel, int? limit, string? before, string? after, CabalAccess access, KappaServerOptions options, CancellationToken ct)
    {
        if (access.Cabal is not { } cabal) return NotCabal();
        if (CheckName(channel, "channel") is { } bad) return bad;
        var count = limit ?? options.DefaultPageSize;
        if (count < 1 || count > options.MaxPageSize) return Problem.BadRequest(ServerException.Limit, $"limit must be between 1 and {options.MaxPageSize}.");
        if (before is not null && after is not null) return Problem.BadRequest(ServerException.BadRequest, "Give before (scroll back) or after (catch up), not both.");
        await cabal.ReadyAsync(ct).ConfigureAwait(false);
        ListPosition? from = null;
        if ((before ?? after) is { } cursor)
        {
            if (!EntryId.TryParse(cursor, out var id)) return Problem.BadRequest(ServerException.BadKey, $"A cursor is a message's FEEDHEX@SEQ; got \"{cursor}\".");
            from = await cabal.Messages.PositionAsync(channel, id.Feed, id.Seq, ct).ConfigureAwait(false);
            if (from is null) return Problem.BadRequest(ListException.UnknownEntry, $"The entry {id} is not a message of #{channel}.");
        }
        var page = await cabal.PageAsync(channel, count, before: before is null ? null : from, after: after is null ? null : from, ct: ct).ConfigureAwait(false);
        return TypedResults.Ok(page.Select(p => ChatMessageInfo.From(p.Message)).ToArray());
    }

    private static async Task<Results<Created<SentMessage>, ProblemHttpResult>> Send(
        string channel, HttpRequest request, CabalAccess access, KappaServerOptions options, CancellationToken ct)
    {
        if (access.Cabal is not { } cabal) return NotCabal();
        if (CheckName(channel, "channel") is { } bad) return bad;
        var (body, problem) = await ReadAsync<SendMessage>(request, options, "{\"text\": …, \"type\": …}", ct).ConfigureAwait(false);
        if (body is null) return problem!;
        var type = body.Type ?? Types[0];
        if (!Types.Contains(type)) return Problem.BadRequest(ServerException.BadRequest, $"type must be one of {string.Join(", ", Types)}; got \"{type}\".");
        if (body.Text is not { } text || string.IsNullOrWhiteSpace(text) || text.Length > MaxText)
            return Problem.BadRequest(ServerException.Limit, $"text must be 1 to {MaxText} characters, not only white space.");
        var seq = type switch
        {
            "chat/emote" => await cabal.EmoteAsync(text, channel, ct).ConfigureAwait(false),
            "chat/topic" => await cabal.SetTopicAsync(channel, text, ct).ConfigureAwait(false),
            _ => await cabal.SendAsync(text, channel, ct: ct).ConfigureAwait(false),
        };
        var key = cabal.LocalKey;
        return TypedResults.Created($"/api/feeds/{key}/entries?start={seq}&limit=1", new SentMessage(key, seq, $"{key}@{seq}"));
    }

    private static async Task<Results<Ok<ChatInfo>, ProblemHttpResult>> Nick(HttpRequest request, CabalAccess access, KappaServerOptions options, CancellationToken ct)
    {
        if (access.Cabal is not { } cabal) return NotCabal();
        var (body, problem) = await ReadAsync<SetNick>(request, options, "{\"name\": …}", ct).ConfigureAwait(false);
        if (body is null) return problem!;
        if (CheckName(body.Name, "name") is { } bad) return bad;
        await cabal.SetNickAsync(body.Name, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ChatInfo(cabal.Key.ToString(), cabal.LocalKey, body.Name));
    }

    private static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, KappaServerOptions options, string shape, CancellationToken ct) where T : class
    {
        var (bytes, problem) = await RequestBody.ReadJsonAsync(request, options, shape, ct).ConfigureAwait(false);
        if (bytes is null) return (null, problem);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes.WrittenSpan, Web) is { } body
                ? (body, null)
                : (null, Problem.BadRequest(ServerException.BadJson, $"The body must be a JSON object {shape}."));
        }
        catch (JsonException e) { return (null, Problem.BadRequest(ServerException.BadJson, $"The body must be a JSON object {shape}: {e.Message}")); }
    }

    /// <summary>Channel names and nicks: 1 to <see cref="MaxName"/> characters, not only white space, no control characters (they would garble every client's screen).</summary>
    private static ProblemHttpResult? CheckName(string? name, string what) =>
        name is null || string.IsNullOrWhiteSpace(name) || name.Length > MaxName || name.Any(char.IsControl)
            ? Problem.BadRequest(ServerException.Limit, $"{what} must be 1 to {MaxName} characters, not only white space, no control characters.")
            : null;

    private static ProblemHttpResult NotCabal() =>
        Problem.Make(StatusCodes.Status404NotFound, ServerException.NotCabal, "This store is not served as a cabal (kappa serve --cabal, or a store kappa chat made).");
}
