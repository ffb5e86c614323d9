using System.Globalization;
using CreditLedger.Api.Database.Replica;

namespace CreditLedger.Api.Engine;

/// <summary>Which entries a page lists: after a sequence, recorded in [From, To), of one currency (nulls: any).</summary>
public sealed record EntryFilter(Guid WorkspaceId, long After, DateTimeOffset? From, DateTimeOffset? To, string? Currency);

public sealed partial class CreditEngine
{
    /// <summary>A page of entries in sequence order (on the read pool), after a catch-up: a new cycle's entries may be on it.</summary>
    public async Task<LedgerPage> ListEntriesAsync(ReadSource reads, EntryFilter filter, int pageSize, CancellationToken ct)
    {
        await CatchUpAsync(filter.WorkspaceId, ct);
        var items = (await LedgerReader.PageAsync(reads.Database, filter, pageSize + 1, ct)).Select(e => e.ToResponse()).ToList();
        var more = items.Count > pageSize;
        if (more)
        {
            items.RemoveAt(pageSize);
        }

        return new LedgerPage(items, more ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Verifies the hash chain from the last verified entry on (on the read pool); <paramref name="full"/> re-hashes it all.</summary>
    public Task<VerifyResponse> VerifyAsync(ReadSource reads, Guid workspaceId, bool full, CancellationToken ct) =>
        ChainVerifier.VerifyAsync(reads.Database, database, workspaceId, full, clock, ct);
}
