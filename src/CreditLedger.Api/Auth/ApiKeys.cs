using System.Security.Cryptography;
using System.Text;

namespace CreditLedger.Api.Auth;

/// <summary>Workspace API keys: random secrets shown once; only their SHA-256 is stored, with a visible prefix.</summary>
public static class ApiKeys
{
    private const string Scheme = "clk_";

    public static (string Key, string Prefix, byte[] Hash) Mint()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', 'a').Replace('/', 'b').TrimEnd('=');
        var key = Scheme + secret;
        return (key, key[..12], Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
