namespace Kappa.Reliability.Tests.Storage;

/// <summary>Runs one seed of a randomized test so that any failure names the seed (STYLE.md: randomized tests print their seed).</summary>
internal static class Seeded
{
    public static async Task<T> RunAsync<T>(string what, int seed, Func<Task<T>> run)
    {
        try { return await run(); }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{what}, seed {seed} (rerun it alone with KAPPA_SEED={seed}): {e.GetType().Name}: {e.Message}", e);
        }
    }
}
