using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using CreditLedger.Api;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CreditLedger.Bench.Stages;

/// <summary>
/// A single event through the service's own middleware and endpoint filters, in process: security headers, body limit,
/// text guard, static files, authentication on a cached workspace key, authorization, the key's rate limiter,
/// workspace access, binding and validation. The event's outcome is one the validator refuses, so the engine (and a
/// database) is never reached and a 400 problem is written. Beside it the same body bound by a bare endpoint, so the
/// difference is what the pipeline adds. Not included: Kestrel and sockets, and the host's per-request activity and
/// metrics (the host is built, not started).
/// </summary>
[MemoryDiagnoser]
public class PipelineStages
{
    private readonly Guid workspaceId = Guid.CreateVersion7();
    private readonly string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private readonly byte[] refused = "{\"idempotencyKey\":\"bench-1\",\"kind\":\"enrichment\",\"integration\":\"leadmagic\",\"service\":\"email_finder\",\"outcome\":\"not-an-outcome\"}"u8.ToArray();
    private readonly string certificatePath = Path.Combine(Path.GetTempPath(), $"creditledger-bench-{Guid.NewGuid():N}.pem");
    private WebApplication service = null!;
    private RequestDelegate servicePipeline = null!;
    private WebApplication bare = null!;
    private RequestDelegate barePipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        WriteKeyRingCertificate(certificatePath);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never opened: the key is cached, and the refused event never reaches the engine.
            ["ConnectionStrings:Ledger"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["ConnectionStrings:LedgerOwner"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["CreditLedger:AdminApiKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["CreditLedger:DataProtection:Certificate"] = certificatePath,
            // The JSON section at Warning, as profile-batch.sh runs the service: a refusal's request line is not written.
            ["CreditLedger:Logging:Section"] = "Serilog",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // A bucket no benchmark empties: the limiter's work per request without its refusals.
            ["CreditLedger:RateLimit:PermitsPerSecond"] = "1000000000",
            ["CreditLedger:RateLimit:Burst"] = "1000000000",
        });
        builder.AddCreditLedger();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow)); // the cached key never expires
        service = builder.Build();
        servicePipeline = PipelineOf(service, app => app.UseCreditLedger());
        var cache = service.Services.GetRequiredService<ApiKeyCache>();
        ((INotificationSubscriber)cache).OnListening(true);
        cache.Add(ApiKeys.Hash(key), new Caller(false, workspaceId, Guid.CreateVersion7(), [Scopes.UsageWrite]), cache.Generation);

        var bareBuilder = WebApplication.CreateSlimBuilder();
        bareBuilder.Logging.ClearProviders();
        bare = bareBuilder.Build();
        barePipeline = PipelineOf(bare, app =>
            app.MapPost("/v1/workspaces/{workspaceId:guid}/usage", (Guid workspaceId, Api.Usage.UsageRequest request) => TypedResults.BadRequest()));
    }

    /// <summary>A throwaway certificate for the key ring, which the service requires outside Development (a PEM with its key).</summary>
    private static void WriteKeyRingCertificate(string path)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=creditledger-bench", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// The request delegate a started host would run: routing first and the endpoints last, which the host adds itself
    /// around what the application configures.
    /// </summary>
    private static RequestDelegate PipelineOf(WebApplication app, Action<WebApplication> configure)
    {
        app.UseRouting();
        configure(app);
        app.UseEndpoints(_ => { });
        return ((IApplicationBuilder)app).Build();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await service.DisposeAsync();
        await bare.DisposeAsync();
        File.Delete(certificatePath);
    }

    [Benchmark(Description = "pipeline: every middleware, cached key, validation refuses (400)")]
    public Task<int> Service() => SendAsync(service, servicePipeline, expected: 400);

    [Benchmark(Baseline = true, Description = "bare endpoint: route, bind the same body (400)")]
    public Task<int> Bare() => SendAsync(bare, barePipeline, expected: 400);

    private async Task<int> SendAsync(WebApplication app, RequestDelegate pipeline, int expected)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = "POST";
        context.Request.Path = $"/v1/workspaces/{workspaceId}/usage";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = refused.Length;
        context.Request.Headers.Authorization = "Bearer " + key;
        context.Request.Body = new MemoryStream(refused, writable: false);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(HasBody.Instance); // as Kestrel says of a request with a length
        context.Response.Body = Stream.Null;
        await pipeline(context);
        return context.Response.StatusCode == expected ? expected : throw new InvalidOperationException($"Answered {context.Response.StatusCode}, not {expected}.");
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly HasBody Instance = new();

        public bool CanHaveBody => true;
    }
}
