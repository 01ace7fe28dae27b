using System.Runtime.CompilerServices;

namespace Kappa.Multifeed.Tests;

internal static class TestHostSetup
{
    [ModuleInitializer]
    internal static void Initialize() => Kappa.TestSupport.TestHost.Configure();
}
