using System.Runtime.CompilerServices;

namespace Kappa.Views.Tests.List;

internal static class ListTestHostSetup
{
    [ModuleInitializer]
    internal static void Initialize() => Kappa.TestSupport.TestHost.Configure(); // idempotent: other folders may call it too
}
