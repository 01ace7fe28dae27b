namespace Kappa.Server.Api;

/// <summary>What <c>POST /api/chat/channels/{channel}/messages</c> stored.</summary>
/// <param name="Key">Our writer's feed key in hex.</param>
/// <param name="Seq">The message's seq in it.</param>
/// <param name="Cursor"><c>FEEDHEX@SEQ</c>, as messages carry it.</param>
public sealed record SentMessage(string Key, long Seq, string Cursor);
