namespace Kappa.Server.Api;

/// <summary>The body of <c>POST /api/chat/channels/{channel}/messages</c>.</summary>
/// <param name="Text">What to say (1 to 10 000 characters, not only white space).</param>
/// <param name="Type"><c>chat/text</c> (the default), <c>chat/emote</c> (<c>/me</c>) or <c>chat/topic</c> (sets the channel's topic).</param>
public sealed record SendMessage(string Text, string? Type = null);
