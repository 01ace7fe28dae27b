using System.Runtime.CompilerServices;

namespace Kappa.Core.Tests;

internal static class TestHostSetup
{
    [ModuleInitializer]
    internal static void Initialize() => Kappa.TestSupport.TestHost.Configure();
}
