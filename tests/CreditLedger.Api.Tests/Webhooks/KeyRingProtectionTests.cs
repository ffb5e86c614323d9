using CreditLedger.Api.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>
/// The Data Protection key ring that encrypts webhook secrets is itself stored encrypted with a certificate, rotates by
/// naming the old certificate as a previous one, and is required outside Development.
/// </summary>
public class KeyRingProtectionTests(LedgerApiFactory api) : LedgerTest(api)
{
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Host(string environment, IDictionary<string, string?> settings) =>
        Api.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    private async Task<string> StoredSecretAsync(Guid id)
    {
        await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url = "https://8.8.8.8/hook", events = new[] { "ping" } }))
            .Expect(HttpStatusCode.Created);
        return await Api.ScalarAsync<string>("SELECT secret FROM webhooks WHERE workspace_id = $1", id);
    }

    [Fact]
    public async Task Keys_in_the_database_are_encrypted_with_the_certificate()
    {
        await StoredSecretAsync(await Api.Workspace());

        var keys = await Api.ScalarAsync<string>("SELECT string_agg(xml, '') FROM data_protection_keys");

        keys.ShouldContain("encryptedSecret");
        keys.ShouldNotContain("unencrypted form");
    }

    [Fact]
    public async Task A_new_certificate_reads_the_old_keys_only_while_the_old_one_is_named_as_previous()
    {
        var stored = await StoredSecretAsync(await Api.Workspace());
        var next = TestCertificates.Create("CreditLedger next key ring");

        var rotated = Host("Testing", new Dictionary<string, string?>
        {
            ["CreditLedger:DataProtection:Certificate"] = next,
            ["CreditLedger:DataProtection:PreviousCertificates:0"] = TestCertificates.KeyRingPath,
        });
        var without = Host("Testing", new Dictionary<string, string?> { ["CreditLedger:DataProtection:Certificate"] = next });

        rotated.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored).ShouldStartWith("whsec_");
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => without.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored));
    }

    [Fact]
    public void Outside_development_the_service_does_not_start_without_a_key_ring_certificate()
    {
        var failure = Should.Throw<InvalidOperationException>(() =>
            Host("Production", new Dictionary<string, string?> { ["CreditLedger:DataProtection:Certificate"] = "" }).CreateClient());

        failure.Message.ShouldContain("CreditLedger:DataProtection:Certificate");
    }
}
