using CreditLedger.Api.Enrichments;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Reservations;

namespace CreditLedger.Api.Tests.Enrichments;

/// <summary>
/// One hold that cannot be released (here: its workspace's head row was made to overflow by hand) never stops
/// the sweep for everyone else: it is retried, then set aside, and every other due hold is released.
/// Not a <see cref="LedgerTest"/>: the damaged workspace breaks the balance invariant on purpose.
/// </summary>
public class HoldSweepIsolationTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private async Task<Guid> Reserve(Guid workspaceId) =>
        (await (await api.Admin().Post($"/v1/workspaces/{workspaceId}/enrichments",
            new { idempotencyKey = Guid.NewGuid().ToString(), integration = "leadmagic", service = "email_finder" }))
            .Expect(HttpStatusCode.Created)).Id();

    [Fact]
    public async Task A_hold_that_fails_to_release_is_set_aside_and_the_others_are_released()
    {
        var broken = await api.Workspace();
        await Reserve(broken);
        var healthy = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            healthy.Add(await api.Workspace());
            await Reserve(healthy[^1]);
        }

        await using (var owner = await api.OpenOwnerConnectionAsync())
        await using (var damage = new Npgsql.NpgsqlCommand(
            "UPDATE workspace_heads SET actions_available = 9999999999999999 WHERE workspace_id = $1", owner))
        {
            damage.Parameters.AddWithValue(broken);
            await damage.ExecuteNonQueryAsync();
        }

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        var sweeper = api.Services.GetRequiredService<HoldExpiryService>();

        (await sweeper.ReleaseDueHoldsAsync(CancellationToken.None)).ShouldBe(healthy.Count);
        for (var attempt = 1; attempt < HoldExpiryService.MaxAttempts; attempt++)
        {
            (await sweeper.ReleaseDueHoldsAsync(CancellationToken.None)).ShouldBe(0);
        }

        sweeper.SetAside.ShouldContain(h => h.WorkspaceId == broken);
        foreach (var workspace in healthy)
        {
            (await api.Balance(workspace)).GetProperty("actions").Amount("held").ShouldBe(0);
        }

        var fresh = await api.Workspace();
        await Reserve(fresh);
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        (await sweeper.ReleaseDueHoldsAsync(CancellationToken.None)).ShouldBe(1);
    }
}
