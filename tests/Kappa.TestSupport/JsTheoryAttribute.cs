using Xunit;

namespace Kappa.TestSupport;

/// <summary>A theory that needs the JS reference peer (see <see cref="JsFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class JsTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the reference peer cannot run.</summary>
    public JsTheoryAttribute()
    {
        if (!JsReference.IsAvailable && !JsReference.Required) Skip = JsReference.UnavailableReason;
    }
}
