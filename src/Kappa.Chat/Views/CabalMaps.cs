using Kappa.Chat.Messages;
using Kappa.Core;
using Kappa.Views.List;

namespace Kappa.Chat.Views;

/// <summary>Where cabal entries go in Kappa.Views lists.</summary>
public static class CabalMaps
{
    /// <summary>
    /// cabal-core's messages view, without its defects: a message (type <c>chat/*</c>, string
    /// channel and text, numeric non-zero timestamp) is listed in its channel at the timestamp its
    /// author claimed — fractions kept, future times kept (cabal-core re-stamps those with the time
    /// of indexing, so order depended on when a peer indexed) — and ties go by feed, then seq (so two
    /// authors at the same millisecond are both kept; cabal-core kept one).
    /// </summary>
    public static ListKey? Messages(KappaEntry entry) =>
        CabalEnvelope.ToMessage(entry.Key, entry.Seq, entry.Data) is { } m ? new ListKey(m.Channel, m.Timestamp) : null;
}
