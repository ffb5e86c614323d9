using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class EntryIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 30, 0, 456, TimeSpan.Zero);
    private static readonly Guid Workspace = Guid.Parse("019af0c2-7d1e-7a33-b5c1-3f2e9d8c7b6a");

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(1_000_000_007L)]
    [InlineData(EntryIds.MaxSequence)]
    public void An_entry_id_gives_back_its_sequence_in_its_workspace(long sequence)
    {
        var id = EntryIds.For(Workspace, sequence, At);

        EntryIds.SequenceOf(Workspace, id).ShouldBe(sequence);
    }

    [Fact]
    public void An_entry_id_is_the_one_the_database_function_gives()
    {
        // SELECT ledger_entry_id('019af0c2-7d1e-7a33-b5c1-3f2e9d8c7b6a', 42, '2026-12-07T09:30:00.456Z') on PostgreSQL 15;
        // the API tests' ledger invariants compare the two for every entry the service writes.
        EntryIds.For(Workspace, 42, At).ShouldBe(Guid.Parse("01a24fd6-b388-7000-b5c1-3f2e9d8c7b40"));
    }

    [Fact]
    public void An_entry_id_is_a_version_7_uuid_of_its_millisecond()
    {
        var id = EntryIds.For(Workspace, 42, At);

        id.Version.ShouldBe(7);
        (id.Variant >> 2).ShouldBe(0b10);
        Convert.ToInt64(id.ToString("N")[..12], 16).ShouldBe(At.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Entries_of_one_workspace_never_share_an_id_and_later_milliseconds_sort_after()
    {
        var ids = Enumerable.Range(1, 10_000).Select(s => EntryIds.For(Workspace, s, At.AddMilliseconds(s / 100))).ToList();

        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.Select(i => i.ToString()[..13]).ShouldBe(ids.Select(i => i.ToString()[..13]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_sequence_and_millisecond_in_two_workspaces_give_two_ids()
    {
        var other = Guid.Parse("019af0c2-7d1e-7a33-95c1-3f2e9d8c7b6b");

        EntryIds.For(other, 7, At).ShouldNotBe(EntryIds.For(Workspace, 7, At));
        EntryIds.SequenceOf(other, EntryIds.For(Workspace, 7, At)).ShouldNotBe(7);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void A_sequence_an_id_cannot_carry_is_refused(long sequence) =>
        Should.Throw<ArgumentOutOfRangeException>(() => EntryIds.For(Workspace, sequence, At));
}
