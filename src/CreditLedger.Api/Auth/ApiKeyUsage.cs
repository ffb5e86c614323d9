using System.Collections.Concurrent;
using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Auth;

/// <summary>
/// When each workspace key was last used, kept off the request's path: a request only notes the time in memory; this
/// service writes a key's <c>last_used_at</c> at most once per <see cref="WriteInterval"/>, in one statement for all
/// keys due. <see cref="LastSeen"/> lets this instance answer with what it saw since its last write.
/// </summary>
public sealed class ApiKeyUsage(NpgsqlDataSource database, TimeProvider clock, ILogger<ApiKeyUsage> logger) : BackgroundService
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(5);

    // UTC ticks, not DateTimeOffset: a value the dictionary can overwrite in place, where a wider one takes a new node
    // on every request.
    private readonly ConcurrentDictionary<Guid, long> seen = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> written = new();

    public void Seen(Guid keyId) => seen[keyId] = clock.GetUtcNow().UtcTicks;

    public DateTimeOffset? LastSeen(Guid keyId) => seen.TryGetValue(keyId, out var at) ? At(at) : null;

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushPeriod, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Could not record when API keys were last used; will try again.");
            }
        }
    }

    /// <summary>Writes the keys whose last write is older than <see cref="WriteInterval"/>.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = seen.Where(s => !written.TryGetValue(s.Key, out var at) || now - at >= WriteInterval).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await ApiKeyRows.TouchAsync(database, due.Select(d => (d.Key, At(d.Value))).ToList(), ct);
        foreach (var (key, _) in due)
        {
            written[key] = now;
        }
    }
}
