namespace Kappa.Core.Stores.Rocks;

/// <summary>An error RocksDB reported through a C API call's <c>errptr</c> (its message as given).</summary>
internal sealed class RocksException(string message) : Exception(message);
