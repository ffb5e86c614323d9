using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Database;

internal static class WriteLog
{
    public static async Task InstallAsync(LedgerApiFactory api)
    {
        await using var owner = await api.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand("""
            CREATE UNLOGGED TABLE IF NOT EXISTS test_write_log (txid bigint NOT NULL, workspace_id uuid NOT NULL);
            CREATE OR REPLACE FUNCTION test_log_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
            DECLARE r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
            BEGIN
                INSERT INTO test_write_log VALUES (txid_current(), coalesce(r->>'workspace_id', r->>'id')::uuid);
                RETURN NULL;
            END $$;
            DO $$ DECLARE t text; BEGIN
                FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'test_write_log'
                           AND (EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id') OR c.relname = 'workspaces')
                LOOP
                    EXECUTE format('CREATE TRIGGER test_log_write AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION test_log_write()', t);
                END LOOP;
            END $$;
            """, owner);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every ingest path: concurrent single events, then batches, reservations and their completion at once.</summary>
    public static async Task IngestAsync(LedgerApiFactory api, Guid[] workspaces)
    {
        var singles = workspaces.SelectMany(id => Enumerable.Range(0, 8).Select(i => api.Admin().Post($"/v1/workspaces/{id}/usage", new
        {
            idempotencyKey = $"single-{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
        })));
        var batches = workspaces.Select(id => api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = Enumerable.Range(0, 5).Select(i => new { idempotencyKey = $"batch-{i}", kind = "export" }),
        }));
        var holds = workspaces.Select(async id =>
        {
            var hold = (await (await api.Admin().Post($"/v1/workspaces/{id}/enrichments",
                new { idempotencyKey = "hold", integration = "leadmagic", service = "email_finder" })).Expect(HttpStatusCode.Created)).Id();
            return await api.Admin().Post($"/v1/workspaces/{id}/enrichments/{hold}/complete", new { outcome = "success" });
        });
        // Singles alone first: while a batch holds a workspace, its singles go to a slow lane of their own.
        var responses = (await Task.WhenAll(singles)).Concat(await Task.WhenAll(batches.Concat(holds))).ToList();
        responses.ShouldAllBe(r => (int)r.StatusCode < 300);
    }

    public static Task<long> TransactionsWritingSeveralWorkspacesAsync(LedgerApiFactory api) => api.ScalarAsync<long>(
        "SELECT count(*) FROM (SELECT txid FROM test_write_log GROUP BY txid HAVING count(DISTINCT workspace_id) > 1) t");

    public static Task<long> TransactionsAsync(LedgerApiFactory api) => api.ScalarAsync<long>("SELECT count(DISTINCT txid) FROM test_write_log");
}
