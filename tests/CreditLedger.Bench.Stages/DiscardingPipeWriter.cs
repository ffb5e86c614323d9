using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace CreditLedger.Bench.Stages;

/// <summary>
/// A response body that discards what is written into one buffer it hands out again and again: the writer's own
/// allocations are measured, not a test pipe's (a stream's pipe over Stream.Null allocated ~0.3 KB of segments per event;
/// Kestrel writes into pooled blocks).
/// </summary>
internal sealed class DiscardingPipeWriter : PipeWriter
{
    private readonly byte[] buffer = new byte[64 * 1024];

    public long Written { get; private set; }

    public override void Advance(int bytes) => Written += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        sizeHint <= buffer.Length ? buffer : new byte[sizeHint];

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new FlushResult(false, false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}

/// <summary>A response body feature over <see cref="DiscardingPipeWriter"/>.</summary>
internal sealed class DiscardingBody : IHttpResponseBodyFeature
{
    public PipeWriter Writer { get; } = new DiscardingPipeWriter();

    public Stream Stream => Stream.Null;

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => Task.CompletedTask;
}
