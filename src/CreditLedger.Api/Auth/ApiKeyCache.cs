using System.Collections.Concurrent;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Recently resolved workspace keys, by the hash of the presented key, so a busy client costs no database
/// round trip per request. Entries live <see cref="Lifetime"/>. A revocation evicts the key on every instance at
/// once: the database notifies <see cref="KeyChannel"/> when a key's revocation commits (a trigger, so a revocation
/// by hand in SQL counts too) and each instance's <see cref="NotificationListener"/> passes it here. While an
/// instance is not listening, it could miss one, so it uses no cache at all. Unknown keys are remembered as unknown
/// for the same lifetime, so a client retrying a wrong key costs no query either (keys are random and minted here,
/// so a key cannot become valid while it is remembered as unknown).
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock) : INotificationSubscriber
{
    /// <summary>The channel migration 0014's trigger notifies with a revoked or deleted key's id.</summary>
    public const string KeyChannel = ApiKeyRows.RevokedChannel;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 100_000;

    private volatile bool trusted;
    private long generation;

    string INotificationSubscriber.Channel => KeyChannel;

    /// <summary>Stands for "no such key" in the cache.</summary>
    public static readonly Caller Unknown = new(false, Guid.Empty, Guid.Empty, []);

    // Keyed by the hash's base64 text; a lookup formats it on the stack, so only a new entry allocates its key.
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> entries = new();

    /// <summary>The cached caller, <see cref="Unknown"/> for a key known not to exist, or null when not cached.</summary>
    public Caller? Find(ReadOnlySpan<byte> keyHash)
    {
        Span<char> text = stackalloc char[64];
        return trusted && Convert.TryToBase64Chars(keyHash, text, out var written)
            && entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text[..written], out var entry)
            && entry.Expires > clock.GetUtcNow()
                ? entry.Caller
                : null;
    }

    /// <summary>
    /// Moves on at every eviction. A caller read from the database before an eviction may be the revoked key's, read
    /// before its revocation committed: <see cref="Add"/> drops it rather than cache it after the eviction ran.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Caches a lookup made when <see cref="Generation"/> was <paramref name="seenGeneration"/>.</summary>
    public void Add(byte[] keyHash, Caller caller, long seenGeneration)
    {
        if (!trusted || Generation != seenGeneration)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear(); // a crude bound; a cache miss costs one indexed lookup
        }

        entries[Convert.ToBase64String(keyHash)] = (caller, clock.GetUtcNow() + Lifetime);
    }

    void INotificationSubscriber.OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var keyId))
        {
            Evict(keyId);
        }
    }

    void INotificationSubscriber.OnListening(bool listening)
    {
        trusted = listening;
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    public void Evict(Guid keyId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (hash, entry) in entries)
        {
            if (entry.Caller.KeyId == keyId)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
