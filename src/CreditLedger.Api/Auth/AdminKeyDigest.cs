using System.Security.Cryptography;
using CreditLedger.Api.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Auth;

/// <summary>
/// The admin key's SHA-256, computed once. A presented key is hashed once per request, and that one hash is both
/// compared with this (in constant time, so response timing reveals nothing about the admin key) and looked up as a
/// workspace key.
/// </summary>
public sealed class AdminKeyDigest(IOptions<EdgeOptions> options)
{
    private readonly byte[]? digest = string.IsNullOrEmpty(options.Value.AdminApiKey) ? null : ApiKeys.Hash(options.Value.AdminApiKey);

    public bool Matches(ReadOnlySpan<byte> presentedKeyHash) =>
        digest is not null && CryptographicOperations.FixedTimeEquals(presentedKeyHash, digest);
}
