using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Everything recording a set of usage events needs from the database besides the books, read in one round
/// trip after the workspaces are locked (so stored idempotency keys are current and no resource is deleted meanwhile):
/// keys already used, the users and live resources named, service prices, own-key settings and, where limits need them, resource paths. Recording itself then needs no query per event.
/// </summary>
public sealed class UsagePrefetch
{
    private readonly Dictionary<(Guid, string), StoredResponse> responses = [];
    private readonly HashSet<(Guid, Guid)> users = [];
    private readonly HashSet<(Guid, string)> resources = [];
    private readonly Dictionary<(string, string), ServicePrice> prices = [];
    private readonly HashSet<(Guid, string)> ownKeys = [];

    /// <summary>
    /// Reads what the items need; an item without a usage idempotency key (a reservation) skips the key lookup. The
    /// resources' paths up the tree go straight into the <paramref name="books"/> whose spend limits need them.
    /// </summary>
    public static async Task<UsagePrefetch> LoadAsync(
        NpgsqlConnection connection, IEnumerable<(Guid WorkspaceId, string? IdempotencyKey, Guid? UserId, string? ResourceId)> items,
        IReadOnlyDictionary<Guid, WorkspaceBook> books, CancellationToken ct)
    {
        var prefetch = new UsagePrefetch();
        // Filters, not copies: each is read twice into the two arrays its statement takes (a list of every item's tuple
        // per filter was ~0.1 KB per batch item). The items may be a projection too, read once per array.
        var keyed = items.Where(i => i.IdempotencyKey is not null);
        var named = items.Where(i => i.UserId is not null);
        var placed = items.Where(i => i.ResourceId is not null);
        var workspaces = items.Select(i => i.WorkspaceId).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("""
                    SELECT k.workspace_id, k.key, k.request_hash, k.status_code, convert_to(k.response, 'UTF8')
                    FROM idempotency_keys k JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, key)
                      ON k.workspace_id = q.workspace_id AND k.scope = 'usage' AND k.key = q.key
                    """,
                    keyed.Select(i => i.WorkspaceId).ToArray(), keyed.Select(i => i.IdempotencyKey!).ToArray()),
                Command("""
                    SELECT u.workspace_id, u.id FROM users u JOIN unnest($1::uuid[], $2::uuid[]) AS q(workspace_id, id)
                      ON u.workspace_id = q.workspace_id AND u.id = q.id
                    """,
                    named.Select(i => i.WorkspaceId).ToArray(), named.Select(i => i.UserId!.Value).ToArray()),
                Command("""
                    SELECT r.workspace_id, r.id FROM resources r JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, id)
                      ON r.workspace_id = q.workspace_id AND r.id = q.id WHERE r.deleted_at IS NULL
                    """,
                    placed.Select(i => i.WorkspaceId).ToArray(), placed.Select(i => i.ResourceId!).ToArray()),
                Command("SELECT integration_key, key, actions, data_credits, charge_policy FROM integration_services"),
                Command("SELECT workspace_id, integration_key FROM workspace_integrations WHERE workspace_id = ANY($1) AND own_api_key",
                    workspaces),
            },
        };
        var paths = SpendLimitStore.PathsCommand(placed.Select(i => (i.WorkspaceId, i.ResourceId)), books);
        if (paths is not null)
        {
            batch.BatchCommands.Add(paths);
        }

        await using var r = await batch.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = r.GetString(1);
            prefetch.responses[(r.GetGuid(0), key)] =
                new StoredResponse(IdempotencyScopes.Usage, key, r.GetFieldValue<byte[]>(2), r.GetInt32(3), r.GetFieldValue<byte[]>(4));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            prefetch.users.Add((r.GetGuid(0), r.GetGuid(1)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            prefetch.resources.Add((r.GetGuid(0), r.GetString(1)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            prefetch.prices[(r.GetString(0), r.GetString(1))] =
                new ServicePrice(r.GetDecimal(2), r.GetDecimal(3), ChargePolicyNames.Parse(r.GetString(4)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            prefetch.ownKeys.Add((r.GetGuid(0), r.GetString(1)));
        }

        if (paths is not null)
        {
            await r.NextResultAsync(ct);
            await SpendLimitStore.ReadPathsAsync(r, books, ct);
        }

        return prefetch;
    }

    /// <summary>A prefetch holding only service prices, as the stage benchmarks use it (no database).</summary>
    internal static UsagePrefetch WithPrices(IEnumerable<(string Integration, string Service, ServicePrice Price)> prices)
    {
        var prefetch = new UsagePrefetch();
        foreach (var (integration, service, price) in prices)
        {
            prefetch.prices[(integration, service)] = price;
        }

        return prefetch;
    }

    /// <summary>The stored response for a key, including ones recorded earlier in this transaction.</summary>
    /// <remarks>By the book's index of new responses: a scan of them per event made a batch quadratic in its size.</remarks>
    public StoredResponse? Response(WorkspaceBook book, string key) =>
        book.FindNewResponse(IdempotencyScopes.Usage, key) ?? responses.GetValueOrDefault((book.WorkspaceId, key));

    public bool UserKnown(Guid workspaceId, Guid? userId) => userId is null || users.Contains((workspaceId, userId.Value));

    public bool ResourceLive(Guid workspaceId, string? resourceId) => resourceId is null || resources.Contains((workspaceId, resourceId));

    public ServicePrice? Price(string? integration, string? service) =>
        integration is null || service is null ? null : prices.TryGetValue((integration, service), out var price) ? price : null;

    public bool OwnApiKey(Guid workspaceId, string? integration) => integration is not null && ownKeys.Contains((workspaceId, integration));
}
