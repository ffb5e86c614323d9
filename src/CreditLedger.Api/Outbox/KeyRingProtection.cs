using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// Settings under <c>CreditLedger:DataProtection</c>: the certificate that encrypts the Data Protection key ring (the keys
/// that encrypt webhook secrets) before it is stored beside those secrets in the database, so that a reader of the
/// database alone learns neither. PEM (<see cref="Certificate"/> + <see cref="CertificateKey"/>) or PKCS#12
/// (<see cref="Certificate"/> ending .pfx/.p12, with <see cref="CertificatePassword"/>).
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "CreditLedger:DataProtection";

    public string? Certificate { get; set; }

    public string? CertificateKey { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that protected older keys: kept for decryption while rotating to a new <see cref="Certificate"/>.</summary>
    public string[] PreviousCertificates { get; set; } = [];
}

public static class KeyRingProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate and decrypts with it or any previous one. Outside Development a
    /// certificate is required (the service does not start without one); in Development keys are stored unencrypted.
    /// </summary>
    public static void Protect(IDataProtectionBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.Certificate))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{KeyRingProtectionOptions.Section}:Certificate must be configured outside Development: it encrypts the keys that protect webhook secrets.");
            }

            return;
        }

        var current = Load(options.Certificate, options.CertificateKey, options.CertificatePassword);
        var previous = options.PreviousCertificates.Select(path => Load(path, null, options.CertificatePassword));
        builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    private static X509Certificate2 Load(string path, string? keyPath, string? password) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
            : X509Certificate2.CreateFromPemFile(path, keyPath);
}
