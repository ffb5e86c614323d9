using System.Collections.Concurrent;
using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class Uuid7Tests
{
    [Fact]
    public void An_id_is_version_7_variant_10_and_carries_its_millisecond()
    {
        var at = new DateTimeOffset(2026, 12, 5, 7, 0, 0, 123, TimeSpan.Zero);

        var id = Uuid7.Next(at);

        id.Version.ShouldBe(7);
        (id.Variant >> 2).ShouldBe(0b10);
        var text = id.ToString("N");
        Convert.ToInt64(text[..12], 16).ShouldBe(at.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Ids_of_later_milliseconds_sort_after_earlier_ones_as_text_and_as_uuids_in_postgresql_order()
    {
        var start = new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 1000).Select(ms => Uuid7.Next(start.AddMilliseconds(ms))).ToList();

        ids.Select(i => i.ToString()).ShouldBe(ids.Select(i => i.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_million_ids_from_eight_threads_in_the_same_millisecond_never_repeat()
    {
        var at = DateTimeOffset.UtcNow;
        var seen = new ConcurrentDictionary<Guid, byte>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 125_000; i++)
            {
                seen.TryAdd(Uuid7.Next(at), 0).ShouldBeTrue();
            }
        });

        seen.Count.ShouldBe(1_000_000);
    }

    [Fact]
    public void The_random_bits_differ_from_call_to_call()
    {
        var at = DateTimeOffset.UtcNow;
        var tails = Enumerable.Range(0, 10_000).Select(_ => Uuid7.Next(at).ToString("N")[12..]).ToHashSet();

        tails.Count.ShouldBe(10_000);
    }
}
