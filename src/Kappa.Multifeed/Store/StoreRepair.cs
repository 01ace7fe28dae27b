using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Multifeed.Store;

/// <summary>
/// Something opening a store repaired after a crash or power loss: a feed cut back to its longest
/// verifiable prefix, or a writer whose creation was cut short (reset, or dropped).
/// </summary>
/// <param name="Directory">The feed's directory in the store (<c>0</c>, <c>1</c>, …).</param>
/// <param name="Feed">The feed's key, when it has one.</param>
/// <param name="Message">What was found and done, for people.</param>
/// <param name="Recovery">The feed's own report, when it was cut back to a prefix.</param>
public sealed record StoreRepair(string Directory, FeedKey? Feed, string Message, FeedRecovery? Recovery);
