using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>One service of an integration as written: its prices and charge policy, in catalog order.</summary>
public sealed record CatalogService(string Key, string Name, decimal DataCredits, decimal Actions, string ChargePolicy);

/// <summary>The integration catalog's writes and the workspaces' own-key switches (upserts, so plain SQL, not EF).</summary>
public sealed class IntegrationCatalog(NpgsqlDataSource database, TimeProvider clock)
{
    /// <summary>
    /// Creates or reprices an integration. The upsert locks the integration's row first, so concurrent PUTs of one key
    /// (even a new one) take turns instead of racing to insert it; its services are replaced in the same transaction.
    /// </summary>
    public async Task PutAsync(string key, string name, IReadOnlyList<CatalogService> services, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Sql.BatchCommand("""
                    INSERT INTO integrations (key, name, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at,
                        version = nextval('integration_versions')
                    """, key, name, clock.GetUtcNow()),
                Sql.BatchCommand("DELETE FROM integration_services WHERE integration_key = $1", key),
                Sql.BatchCommand("""
                    INSERT INTO integration_services (integration_key, key, name, data_credits, actions, charge_policy, position)
                    SELECT $1, k, n, d, a, p, o FROM unnest($2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::text[])
                        WITH ORDINALITY AS s(k, n, d, a, p, o)
                    """, key, services.Select(s => s.Key).ToArray(), services.Select(s => s.Name).ToArray(),
                    services.Select(s => s.DataCredits).ToArray(), services.Select(s => s.Actions).ToArray(),
                    services.Select(s => s.ChargePolicy).ToArray()),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Sets whether the workspace brings its own key for an integration; the time it was set, or null for no such integration.</summary>
    public async Task<DateTimeOffset?> SetOwnApiKeyAsync(Guid workspaceId, string integrationKey, bool ownApiKey, CancellationToken ct)
    {
        await using var upsert = Sql.Command(database, """
            INSERT INTO workspace_integrations (workspace_id, integration_key, own_api_key, updated_at)
            SELECT $1, key, $3, $4 FROM integrations WHERE key = $2
            ON CONFLICT (workspace_id, integration_key) DO UPDATE SET own_api_key = excluded.own_api_key, updated_at = excluded.updated_at
            RETURNING updated_at
            """, workspaceId, integrationKey, ownApiKey, clock.GetUtcNow());
        return await upsert.ExecuteScalarAsync(ct) is DateTime updatedAt ? new DateTimeOffset(updatedAt, TimeSpan.Zero) : null;
    }
}
