using System.Buffers;
using System.Text.Json;

namespace CreditLedger.Api.Json;

/// <summary>
/// A JSON writer and its buffer, reused for one small document after another: after the first, writing one allocates
/// nothing but what the caller copies out. For synchronous hot paths that keep one per thread (<c>[ThreadStatic]</c>),
/// so an instance is never shared: the request fingerprint and a recorded event's answer. Such an instance lives as long
/// as its thread; the writer over a managed buffer holds nothing that needs disposing sooner.
/// </summary>
public sealed class ReusableJsonWriter(int initialCapacity) : IDisposable
{
    /// <summary>A buffer a rare large document grew past this is let go by <see cref="Trim"/>, not kept.</summary>
    private const int MaxKeptCapacity = 64 * 1024;

    private ArrayBufferWriter<byte> buffer = new(initialCapacity);
    private Utf8JsonWriter? writer;

    /// <summary>The writer, emptied for a new document.</summary>
    public Utf8JsonWriter Start()
    {
        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        return writer;
    }

    /// <summary>The document written since <see cref="Start"/>, flushed; valid until the next Start.</summary>
    public ReadOnlySpan<byte> Written()
    {
        writer?.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>Lets go of a buffer grown past <see cref="MaxKeptCapacity"/>, and the writer's hold on it.</summary>
    public void Trim()
    {
        if (buffer.Capacity > MaxKeptCapacity)
        {
            buffer = new ArrayBufferWriter<byte>(initialCapacity);
            writer?.Reset(buffer);
        }
    }

    public void Dispose() => writer?.Dispose();
}
