namespace CreditLedger.Bench;

/// <summary>Latency percentiles in milliseconds from raw samples.</summary>
public sealed class Stats(IEnumerable<double> samples)
{
    private readonly double[] sorted = samples.Order().ToArray();

    public int Count => sorted.Length;

    public double Percentile(double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public string Summary() => $"p50 {Percentile(50):0.00} ms, p95 {Percentile(95):0.00} ms, p99 {Percentile(99):0.00} ms (n={Count})";
}
