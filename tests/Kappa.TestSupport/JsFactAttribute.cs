using Xunit;

namespace Kappa.TestSupport;

/// <summary>
/// A fact that needs the JS reference peer: skipped with <see cref="JsReference.UnavailableReason"/>
/// when node or the pinned packages are missing, unless KAPPA_REQUIRE_JS=1 (then it runs and fails).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class JsFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the reference peer cannot run.</summary>
    public JsFactAttribute()
    {
        if (!JsReference.IsAvailable && !JsReference.Required) Skip = JsReference.UnavailableReason;
    }
}
