namespace Kappa.Core.Stores;

/// <summary>
/// A store (or a prefixed view of one) backed by a <see cref="RocksDbViewStore"/>, which can find
/// its files damaged and start afresh so the views in it rebuild from the feeds. A view finds
/// the root through its own prefixed data store, so wrappers that forward <c>WithPrefix</c> (such
/// as a list's commit gate) keep it reachable.
/// </summary>
internal interface IRecoverableViewStore
{
    /// <summary>The RocksDB store underneath, or null (e.g. a prefixed memory store).</summary>
    RocksDbViewStore? Root { get; }
}
