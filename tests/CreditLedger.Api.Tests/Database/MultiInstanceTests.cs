using CreditLedger.Api.Auth;
using CreditLedger.Api.Enrichments;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Reservations;

namespace CreditLedger.Api.Tests.Database;

/// <summary>What several instances behind a load balancer share: key revocations and one sweeper at a time.</summary>
public class MultiInstanceTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_by_another_that_had_it_cached()
    {
        await using var other = new OtherInstanceFactory(api.DatabaseName, api.Clock.GetUtcNow());
        var id = await api.Workspace();
        var (keyId, key) = await api.ApiKey(id);
        await CachedOnAsync(other, id, key);

        await (await api.Admin().DeleteAsync($"/v1/workspaces/{id}/api-keys/{keyId}")).Expect(HttpStatusCode.NoContent);

        // The other instance's clock never moves, so its cache entry never expires: only the notification can evict it.
        await RefusedOnAsync(other, id, key);
    }

    [Fact]
    public async Task A_key_revoked_by_hand_in_sql_is_refused_by_every_instance()
    {
        await using var other = new OtherInstanceFactory(api.DatabaseName, api.Clock.GetUtcNow());
        var id = await api.Workspace();
        var (keyId, key) = await api.ApiKey(id);
        await CachedOnAsync(other, id, key);

        await using (var owner = await api.OpenOwnerConnectionAsync())
        await using (var revoke = new Npgsql.NpgsqlCommand("UPDATE api_keys SET revoked_at = now() WHERE id = $1", owner))
        {
            revoke.Parameters.AddWithValue(keyId);
            await revoke.ExecuteNonQueryAsync();
        }

        await RefusedOnAsync(other, id, key);
    }

    [Fact]
    public async Task Only_one_instance_sweeps_timed_out_holds_at_a_time()
    {
        var id = await api.Workspace();
        await (await api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "hold", integration = "leadmagic", service = "email_finder" })).Expect(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        var sweeper = api.Services.GetRequiredService<HoldExpiryService>();

        await using (var otherSweep = await api.OpenOwnerConnectionAsync())
        await using (var transaction = await otherSweep.BeginTransactionAsync())
        await using (var claim = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(x'434C686F6C644578'::bigint)", otherSweep, transaction))
        {
            await claim.ExecuteNonQueryAsync(); // another instance is sweeping
            (await sweeper.ReleaseDueHoldsAsync(CancellationToken.None)).ShouldBe(0);
            (await api.Balance(id)).GetProperty("dataCredits").Amount("held").ShouldBe(1);
        }

        (await sweeper.ReleaseDueHoldsAsync(CancellationToken.None)).ShouldBe(1);
        (await api.Balance(id)).GetProperty("dataCredits").Amount("held").ShouldBe(0);
    }

    /// <summary>Uses the key on the instance until its cache holds it (the cache is used only once its listener listens).</summary>
    private static async Task CachedOnAsync(OtherInstanceFactory instance, Guid workspaceId, string key)
    {
        var cache = instance.Services.GetRequiredService<ApiKeyCache>();
        var hash = ApiKeys.Hash(key);
        await Poll.UntilAsync(async () =>
        {
            if (cache.Find(hash) is not null)
            {
                return true;
            }

            await (await instance.WithKey(key).GetAsync($"/v1/workspaces/{workspaceId}")).Expect(HttpStatusCode.OK);
            return false;
        }, Patience, "the other instance never cached the key");
    }

    private static Task RefusedOnAsync(OtherInstanceFactory instance, Guid workspaceId, string key) => Poll.UntilAsync(
        async () => (await instance.WithKey(key).GetAsync($"/v1/workspaces/{workspaceId}")).StatusCode == HttpStatusCode.Unauthorized,
        Patience, "the other instance still accepts the revoked key");
}
