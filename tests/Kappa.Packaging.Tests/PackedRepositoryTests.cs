namespace Kappa.Packaging.Tests;

/// <summary>The test classes that share one packing of the repository (it takes a minute).</summary>
[CollectionDefinition(Name)]
public sealed class PackedRepositoryTests : ICollectionFixture<PackedRepository>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "packed repository";
}
