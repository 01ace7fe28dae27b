using System.Threading.Channels;

namespace Kappa.Server.Events;

/// <summary>
/// One live-events client's queue: bounded, so a client that reads slowly (or vanished without
/// closing) costs at most <c>capacity</c> references and never makes an append or another client wait.
/// </summary>
internal sealed class EventSubscription
{
    private readonly Channel<EventFrame> _queue;

    public EventSubscription(int capacity) =>
        _queue = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>True once the queue filled up and the client was cut off.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<EventFrame> Reader => _queue.Reader;

    /// <summary>Queues an event without waiting; false (and the queue closes) when the client is too far behind.</summary>
    public bool Offer(EventFrame frame)
    {
        if (_queue.Writer.TryWrite(frame)) return true;
        if (_queue.Writer.TryComplete()) Overflowed = true;
        return false;
    }

    /// <summary>Ends the stream (server shutting down).</summary>
    public void Close() => _queue.Writer.TryComplete();
}
