using System.Runtime.CompilerServices;

namespace Kappa.Swarm.Tests;

internal static class TestHostSetup
{
    [ModuleInitializer]
    internal static void Initialize() => Kappa.TestSupport.TestHost.Configure();
}
