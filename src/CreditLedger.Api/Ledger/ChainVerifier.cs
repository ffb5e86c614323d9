using Npgsql;

namespace CreditLedger.Api.Ledger;

/// <summary>
/// Recomputes a workspace's hash chain from the stored rows in sequence order. The first entry whose
/// sequence is out of place, or whose stored hash differs from the recomputed one, is reported.
/// </summary>
public static class ChainVerifier
{
    public static async Task<VerifyResponse> VerifyAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"SELECT {LedgerReader.Columns} FROM ledger_entries WHERE workspace_id = $1 ORDER BY sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var previous = HashChain.Genesis;
        long count = 0;
        long? firstInvalid = null;
        while (await reader.ReadAsync(ct))
        {
            var entry = LedgerReader.Read(reader);
            count++;
            if (firstInvalid is null)
            {
                var expected = HashChain.Next(previous, entry with { Hash = [] });
                if (entry.Sequence != count || !expected.AsSpan().SequenceEqual(entry.Hash))
                {
                    firstInvalid = entry.Sequence;
                }
            }

            previous = entry.Hash;
        }

        return new VerifyResponse(firstInvalid is null, count, firstInvalid);
    }
}
