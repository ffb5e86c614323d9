using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Two checks of a delivery's signature, both independent of the service's signer: by hand, and by the TypeScript reference library.</summary>
public static class WebhookSignatures
{
    /// <summary>HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the base64 after whsec_, as the contract spells it out.</summary>
    public static bool IsValid(string secret, ReceivedWebhook received)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{received.Id}.{received.Timestamp}.{received.Body}")));
        return received.Signature.Split(' ').Contains(expected);
    }

    /// <summary>What the npm <c>standardwebhooks</c> package says of each delivery ("valid", or its error).</summary>
    public static async Task<List<string>> VerifyWithReferenceLibraryAsync(string secret, IEnumerable<ReceivedWebhook> deliveries)
    {
        var script = Path.Combine(Repository.Root, "tests", "webhook-verifier", "verify.mjs");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        foreach (var delivery in deliveries)
        {
            var headers = new Dictionary<string, string>
            {
                ["webhook-id"] = delivery.Id, ["webhook-timestamp"] = delivery.Timestamp, ["webhook-signature"] = delivery.Signature,
            };
            await node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { secret, headers, body = delivery.Body }));
        }

        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        node.ExitCode.ShouldBe(0, errors);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
