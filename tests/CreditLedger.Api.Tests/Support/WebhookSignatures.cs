using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Checks of a delivery's signature, each independent of the service's signer: by hand, by the TypeScript reference library,
/// and by the example verifiers (standard-library Python, node:crypto TypeScript) that receivers are told to copy.
/// </summary>
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
    public static Task<List<string>> VerifyWithReferenceLibraryAsync(string secret, IEnumerable<ReceivedWebhook> deliveries) =>
        VerifyWithAsync("node", Path.Combine(Repository.Root, "tests", "webhook-verifier", "verify.mjs"), secret, deliveries);

    /// <summary>
    /// What an example verifier says of each delivery ("valid", or "invalid: why"): examples/webhooks/verify_webhook.py
    /// (python) or examples/typescript/verify-webhook.ts (typescript, run with the TypeScript client's tsx). The
    /// verifier's clock is the delivery's own timestamp plus <paramref name="late"/> seconds.
    /// </summary>
    public static Task<List<string>> VerifyWithExampleAsync(string language, string secret, IEnumerable<ReceivedWebhook> deliveries, long late = 0) =>
        language switch
        {
            "python" => VerifyWithAsync("python3", Path.Combine(Repository.Root, "examples", "webhooks", "verify_webhook.py"), secret, deliveries, late),
            "typescript" => VerifyWithAsync(Path.Combine(Repository.Root, "clients", "typescript", "node_modules", ".bin", "tsx"),
                Path.Combine(Repository.Root, "examples", "typescript", "verify-webhook.ts"), secret, deliveries, late),
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, "python or typescript"),
        };

    /// <summary>Feeds deliveries to a verifier that reads one {secret, headers, body} per line and answers one line each.</summary>
    private static async Task<List<string>> VerifyWithAsync(
        string program, string script, string secret, IEnumerable<ReceivedWebhook> deliveries, long? late = null)
    {
        var start = new ProcessStartInfo(program, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var verifier = Process.Start(start)!;
        foreach (var delivery in deliveries)
        {
            var headers = new Dictionary<string, string>
            {
                ["webhook-id"] = delivery.Id, ["webhook-timestamp"] = delivery.Timestamp, ["webhook-signature"] = delivery.Signature,
            };
            var now = late is { } seconds ? long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture) + seconds : (long?)null;
            await verifier.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { secret, headers, body = delivery.Body, now }));
        }

        verifier.StandardInput.Close();
        var output = await verifier.StandardOutput.ReadToEndAsync();
        var errors = await verifier.StandardError.ReadToEndAsync();
        await verifier.WaitForExitAsync();
        verifier.ExitCode.ShouldBe(0, errors);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
