using Kappa.Core.Indexing;
using Kappa.Core.Views;
using Microsoft.Extensions.Logging;

namespace Kappa.Core;

public sealed partial class KappaCore
{
    /// <summary>
    /// Installs view <paramref name="name"/> and starts indexing every feed into it. When
    /// <paramref name="version"/> differs from the version stored with the view's progress, the
    /// view is cleared and rebuilt from scratch.
    /// </summary>
    /// <exception cref="ArgumentException">A view with that name exists, or the version is below 1.</exception>
    public void Use(string name, int version, IView view) => Install(name, version, view, api: null);

    /// <summary>Installs a view with version 1.</summary>
    public void Use(string name, IView view) => Use(name, 1, view);

    /// <summary>Installs a view that has an API and returns the API (also at <c>Api[name]</c>).</summary>
    public TApi Use<TApi>(string name, int version, IView<TApi> view) where TApi : class
    {
        ArgumentNullException.ThrowIfNull(view);
        var api = view.CreateApi(this, name);
        Install(name, version, view, api);
        return api;
    }

    /// <summary>Waits until every listed view (all when none listed) has indexed every entry stored when this was called.</summary>
    /// <exception cref="ViewException">A view is faulted (its error), paused, unknown, or the core closed.</exception>
    public Task ReadyAsync(params string[] views) => ReadyAsync(views, CancellationToken.None);

    /// <inheritdoc cref="ReadyAsync(string[])"/>
    public Task ReadyAsync(IEnumerable<string>? views, CancellationToken ct = default) =>
        Task.WhenAll(Select(views).Select(v => v.ReadyAsync(ct)));

    /// <summary>Pauses the listed views (all when none listed): idle ones at once, indexing ones after their current batch.</summary>
    public Task PauseAsync(IEnumerable<string>? views = null, CancellationToken ct = default) =>
        Task.WhenAll(Select(views).Select(v => v.PauseAsync(ct)));

    /// <summary>Resumes paused views and retries faulted ones (all when none listed).</summary>
    public void Resume(IEnumerable<string>? views = null)
    {
        foreach (var v in Select(views)) v.Resume();
    }

    /// <summary>The state and progress of view <paramref name="name"/>.</summary>
    public ViewStatus GetViewStatus(string name) => Select([name]).Single().Status;

    private void Install(string name, int version, IView view, object? api)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(view);
        var indexer = new ViewIndexer(_store, name, version, view, _logger);
        lock (_gate)
        {
            if (_closed) throw new ViewException(ViewException.Closed, name, "the core is closed");
            if (!_views.TryAdd(name, indexer)) throw new ArgumentException($"A view named \"{name}\" is already in use.", nameof(name));
            if (api is not null) _apis[name] = api;
        }
        indexer.StateChanged += OnViewStateChanged;
        indexer.Start();
    }

    private void OnViewStateChanged(ViewIndexer indexer, ViewStatus status)
    {
        if (status is { State: ViewState.Faulted, Error: { } error })
        {
            LogViewFaulted(_logger, status.Name, error);
            ViewFaulted?.Invoke(this, new ViewFaultedEventArgs(error));
        }
        ViewStateChanged?.Invoke(this, status);
    }

    private List<ViewIndexer> Select(IEnumerable<string>? names)
    {
        lock (_gate)
        {
            if (names is null || !names.Any()) return [.. _views.Values];
            return names.Select(n => _views.TryGetValue(n, out var v) ? v : throw new ViewException(ViewException.Unknown, n, "no view by that name")).ToList();
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "View {View} faulted")]
    private static partial void LogViewFaulted(ILogger logger, string view, Exception error);
}
