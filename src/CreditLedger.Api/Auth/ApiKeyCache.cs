using System.Collections.Concurrent;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Recently resolved workspace keys, by the hash of the presented key, so a busy client costs no database
/// round trip per request. Entries live <see cref="Lifetime"/>; revoking a key through this service evicts it at
/// once (other instances of the service stop accepting it within the lifetime). Unknown keys are not cached.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> entries = new();

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
