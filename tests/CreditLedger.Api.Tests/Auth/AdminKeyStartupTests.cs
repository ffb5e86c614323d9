using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Tests.Auth;

/// <summary>Outside Development the service does not start with a weak admin key, or with one the repository ships.</summary>
public class AdminKeyStartupTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private HttpClient Start(string environment, string? key) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("CreditLedger:AdminApiKey", key);
        }).CreateClient();

    /// <summary>Every admin key value the repository's examples carry, read from the files themselves.</summary>
    public static TheoryData<string> ShippedKeys()
    {
        var env = File.ReadAllLines(Path.Combine(Repository.Root, ".env.example"))
            .Single(line => line.StartsWith("CREDITLEDGER_ADMIN_KEY=", StringComparison.Ordinal));
        var keys = new TheoryData<string>();
        foreach (var key in AdminKeyPolicy.Placeholders.Prepend(env["CREDITLEDGER_ADMIN_KEY=".Length..]).Distinct(StringComparer.Ordinal))
        {
            keys.Add(key);
        }

        return keys;
    }

    [Theory]
    [MemberData(nameof(ShippedKeys))]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")] // 31 characters
    public void The_service_refuses_to_start_in_production_with_a_weak_or_shipped_admin_key(string key)
    {
        var failure = Should.Throw<OptionsValidationException>(() => Start("Production", key));

        failure.Message.ShouldContain("CreditLedger:AdminApiKey");
    }

    [Fact]
    public void The_placeholder_in_docker_compose_is_none_at_all()
    {
        var compose = File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml"));

        compose.ShouldContain("${CREDITLEDGER_ADMIN_KEY:?");
        AdminKeyPolicy.Placeholders.ShouldAllBe(placeholder => !compose.Contains(placeholder));
    }

    [Fact]
    public async Task A_long_random_key_starts_in_production_and_development_needs_none()
    {
        using var production = Start("Production", "0123456789abcdef0123456789abcdef");
        using var development = Start("Development", null);

        (await production.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await development.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
