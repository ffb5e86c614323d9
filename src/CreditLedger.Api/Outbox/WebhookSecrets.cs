using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// Signing secrets: <c>whsec_</c> and 32 random bytes in base64, shown once, stored encrypted with ASP.NET Core Data
/// Protection (its key ring is in the database, so every instance can sign what any instance stored).
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector protector = provider.CreateProtector("CreditLedger.Webhooks.SigningSecret.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string stored) => protector.Unprotect(stored);
}
