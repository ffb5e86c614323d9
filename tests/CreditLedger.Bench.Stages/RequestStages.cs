using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Usage;
using Microsoft.Extensions.Time.Testing;

namespace CreditLedger.Bench.Stages;

/// <summary>A single request's body, before the engine: bind (parse), validate, fingerprint for idempotency.</summary>
[MemoryDiagnoser]
public class RequestStages
{
    private readonly byte[][] bodies = [.. Enumerable.Range(0, Events.PerInvoke).Select(Events.One)];
    private readonly UsageRequestValidator validator = new(new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "bind: JSON → UsageRequest")]
    public int Bind()
    {
        var n = 0;
        foreach (var body in bodies)
        {
            n += JsonSerializer.Deserialize<UsageRequest>(body, JsonSetup.Options)!.IdempotencyKey!.Length;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "validate (FluentValidation)")]
    public int Validate()
    {
        var request = JsonSerializer.Deserialize<UsageRequest>(bodies[0], JsonSetup.Options)!;
        var n = 0;
        for (var i = 0; i < Events.PerInvoke; i++)
        {
            n += validator.Validate(request).IsValid ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "fingerprint: parse again, canonical JSON, SHA-256")]
    public int Fingerprint()
    {
        var n = 0;
        foreach (var body in bodies)
        {
            using var document = JsonDocument.Parse(body);
            n += RequestFingerprint.Of(document.RootElement)[0];
        }

        return n;
    }
}
