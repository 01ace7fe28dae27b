using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

/// <summary>
/// Ending a feed channel without a live session (hypercore 8 <c>end</c>/<c>onstatus</c>/<c>_autoEnd</c>,
/// replication-protocol.md §9): the downloader that has everything says so with Status; the side
/// that hears neither side is downloading closes.
/// </summary>
internal sealed partial class FeedChannel
{
    private void OnStatus(Status status)
    {
        _remoteUploading = status.Uploading;
        _remoteDownloading = status.Downloading;
        if (!status.Uploading) ReleaseAllRequests();
        Update();
        if (status.Downloading || _settings.Live || LocallyClosed) return;
        if (_downloading && !_downloadDone) return; // still fetching from this peer
        AutoEnd();
    }

    private void AutoEnd()
    {
        if (_uploading && _remoteDownloading) return;
        if ((_settings.Sparse || _settings.Live) && (_remoteUploading || _downloading)) return;
        End();
    }

    private void End()
    {
        if (LocallyClosed) return;
        if (!_downloading && !_remoteDownloading && !_settings.Live)
        {
            if (!_defaultDownloading) Session.Send(LocalId, MessageType.Status, WireMessages.Status(false, false));
            Close();
            return;
        }
        if (!_endCalled)
        {
            _endCalled = true;
            _downloading = false;
            Session.Send(LocalId, MessageType.Status, WireMessages.Status(true, false));
        }
        else if (!_settings.Live) Close();
    }
}
