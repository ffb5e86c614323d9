using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// The CreditLedger meter's measurements, recorded from creation until disposal. The meter is one per process and test
/// classes run in parallel, so a test sums only what carries its own tags (a workspace id), or passes a filter that
/// runs on the recording thread (e.g. "this thread only", for a synchronous call).
/// </summary>
public sealed class ServiceMeasurements : IDisposable
{
    private readonly ConcurrentQueue<Measurement> measured = new();
    private readonly MeterListener listener = new();

    public ServiceMeasurements(Func<bool>? keep = null)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServiceMeter.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags, keep));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags, keep));
        listener.Start();
    }

    /// <summary>Every measurement recorded (and kept) so far.</summary>
    public IReadOnlyCollection<Measurement> All => measured;

    /// <summary>The sum of <paramref name="instrument"/>'s measurements carrying every one of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        measured.Where(m => m.Instrument == instrument)
            .Where(m => tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value))))
            .Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, Func<bool>? keep)
    {
        if (keep?.Invoke() ?? true)
        {
            measured.Enqueue(new Measurement(instrument.Name, value, tags.ToArray()));
        }
    }

    public sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags);
}
