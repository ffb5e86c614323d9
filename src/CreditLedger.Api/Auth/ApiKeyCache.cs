using System.Collections.Concurrent;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Recently resolved workspace keys, by the hash of the presented key, so a busy client costs no database
/// round trip per request. Entries live <see cref="Lifetime"/>; revoking a key through this service evicts it at
/// once (other instances of the service stop accepting it within the lifetime). Unknown keys are remembered
/// as unknown for the same lifetime, so a client retrying a wrong key costs no query either (keys are random and
/// minted here, so a key cannot become valid while it is remembered as unknown).
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 100_000;

    /// <summary>Stands for "no such key" in the cache.</summary>
    public static readonly Caller Unknown = new(false, Guid.Empty, Guid.Empty, []);

    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> entries = new();

    /// <summary>The cached caller, <see cref="Unknown"/> for a key known not to exist, or null when not cached.</summary>
    public Caller? Find(string keyHash) =>
        entries.TryGetValue(keyHash, out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Caller : null;

    public void Add(string keyHash, Caller caller)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear(); // a crude bound; a cache miss costs one indexed lookup
        }

        entries[keyHash] = (caller, clock.GetUtcNow() + Lifetime);
    }

    public void Evict(Guid keyId)
    {
        foreach (var (hash, entry) in entries)
        {
            if (entry.Caller.KeyId == keyId)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
