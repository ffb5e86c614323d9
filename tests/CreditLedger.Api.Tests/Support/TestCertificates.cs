using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Self-signed certificates for the Data Protection key ring, made once per test run in a folder only this user can read
/// (they hold private keys), removed when the run ends.
/// </summary>
public static class TestCertificates
{
    private static readonly string Folder = CreateFolder();
    private static readonly Lazy<string> KeyRing = new(() => Create("CreditLedger test key ring"));

    /// <summary>The PKCS#12 file every test host protects its key ring with.</summary>
    public static string KeyRingPath => KeyRing.Value;

    /// <summary>A new certificate (PKCS#12, no password), for rotation tests.</summary>
    public static string Create(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }

    private static string CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("creditledger-certificates-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
