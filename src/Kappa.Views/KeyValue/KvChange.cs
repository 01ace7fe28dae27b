namespace Kappa.Views.KeyValue;

/// <summary>The heads of <paramref name="Key"/> (in <see cref="KvIdOrder"/>); empty when every version of the key is linked.</summary>
/// <param name="Key">The key.</param>
/// <param name="Heads">Its current head ids, sorted, never duplicated, never empty strings.</param>
public sealed record KvChange(string Key, IReadOnlyList<string> Heads);
