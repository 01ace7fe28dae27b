using Kappa.Core;
using Kappa.Server.Api;

namespace Kappa.Server.Events;

/// <summary>Samples every view's status and reports the ones that changed since the last sample.</summary>
internal sealed class ViewWatcher(KappaCore core)
{
    private readonly Dictionary<string, ViewInfo> _last = new(StringComparer.Ordinal);

    public List<ViewInfo> Changes()
    {
        var changed = new List<ViewInfo>();
        foreach (var status in core.Views)
        {
            var now = ViewInfo.From(status);
            if (_last.TryGetValue(now.Name, out var before) && before == now) continue;
            _last[now.Name] = now;
            changed.Add(now);
        }
        return changed;
    }
}
