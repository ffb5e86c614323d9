using CreditLedger.Api.Engine;
using CreditLedger.Rules;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>
/// The chain's bytes are a stored format: every entry ever written must hash the same forever. These hashes were computed
/// by an independent implementation of the format (ADR 1: fields joined by '|', UUIDs as 32 hex digits, amounts at
/// scale 4, instants in Unix microseconds, the attribution fields only when one is set), not by the code under test.
/// The other currency's balance is not in the format (chains stored before the ledger kept it stay verifiable), so the
/// entries below carry one and hash as they did without.
/// </summary>
public class HashChainTests
{
    private static readonly Guid Workspace = Guid.Parse("0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1000");

    public static TheoryData<int> Entries => new() { 0, 1, 2 };

    private static readonly (LedgerEntry Entry, string Hash)[] Golden =
    [
        (new LedgerEntry(Workspace, 1, Id("2001"), EntryTypes.Charge, Currency.DataCredits, -1m, 4120.5m, 980m, At(2026, 11, 20, 10, 0, 1, 250_000),
            GrantId: Id("1004"), ReversesEntryId: null, Reason: null,
            new EntryContext(At(2026, 11, 20, 10, 0, 0, 0), UsageId: Guid.Parse("0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f"),
                Kind: "enrichment", Integration: "leadmagic", Service: "email_finder")),
            "a2bc4018861f98d22e7c8ea9cd9e3ed2b29879911446636d0e02c6fa046b9bde"),
        (new LedgerEntry(Workspace, 2, Id("2002"), EntryTypes.Reversal, Currency.Actions, 9_999_999_999_999_999.9999m, 0.0001m, null, At(2026, 11, 21, 0, 0, 0, 2),
            GrantId: null, ReversesEntryId: Id("2001"), Reason: "Rückbuchung: bounced ✓ 😀",
            new EntryContext(At(2026, 11, 21, 0, 0, 0, 1), UserId: Id("1001"), ResourceId: "tbl-leads-q4", ApiKeyId: Id("1002"))),
            "94bdc00517f25c4ce778e5771cf9f373e49e7bd5d4ecea014d66d361451c4a0c"),
        (new LedgerEntry(Workspace, 3, Id("2003"), EntryTypes.Hold, Currency.Actions, -0.25m, 12m, 0m, At(2026, 12, 5, 7, 0, 0, 999_999),
            GrantId: null, ReversesEntryId: null, Reason: null,
            new EntryContext(At(1999, 1, 1, 0, 0, 0, 0), EnrichmentId: Id("1003"), ApiKeyId: Id("1002"))),
            "7c65ed58bfebc853f6c196ce23c6a3b9421562b3b96edc3e2826af1ac5c09cbf"),
    ];

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_hashes_as_the_stored_format_says(int index)
    {
        var previous = index == 0 ? HashChain.Genesis : Convert.FromHexString(Golden[index - 1].Hash);

        Convert.ToHexStringLower(HashChain.Next(previous, Golden[index].Entry)).ShouldBe(Golden[index].Hash);
    }

    private static Guid Id(string tail) => Guid.Parse("0193a6f2-5b1e-7c3d-9a41-2f6b8c0d" + tail);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second, int micros) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(micros * 10L);
}
