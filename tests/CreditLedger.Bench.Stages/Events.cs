using System.Text;

namespace CreditLedger.Bench.Stages;

/// <summary>The usage events the load scripts send (scripts/bench/usage-single.lua), as bytes on the wire.</summary>
public static class Events
{
    public const int PerInvoke = 500;

    public static byte[] One(int i) => Encoding.UTF8.GetBytes(
        $$"""{"idempotencyKey":"bench-{{i}}-8f3a","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1}""");

    public static byte[] Batch(int size) => Encoding.UTF8.GetBytes(
        "{\"events\":[" + string.Join(',', Enumerable.Range(0, size).Select(i => Encoding.UTF8.GetString(One(i)))) + "]}");
}
