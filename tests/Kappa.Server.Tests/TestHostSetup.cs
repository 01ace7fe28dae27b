using System.Runtime.CompilerServices;

namespace Kappa.Server.Tests;

internal static class TestHostSetup
{
    [ModuleInitializer]
    internal static void Initialize() => Kappa.TestSupport.TestHost.Configure();
}
