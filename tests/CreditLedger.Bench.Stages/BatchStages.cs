using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CreditLedger.Bench.Stages;

/// <summary>A batch of 500 events, per event: bind the batch, then each item as the endpoint does it, and the answer.</summary>
[MemoryDiagnoser]
public class BatchStages
{
    private readonly byte[] body = Events.Batch(Events.PerInvoke);
    private readonly UsageRequestValidator validator = new(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private readonly ServiceProvider services = new ServiceCollection().Configure<JsonOptions>(o => JsonSetup.Configure(o.SerializerOptions)).BuildServiceProvider();
    private EngineResult<UsageRecorded>?[] outcomes = null!;
    private DefaultHttpContext response = null!;

    [GlobalSetup]
    public void Answer()
    {
        var stored = JsonSerializer.SerializeToUtf8Bytes(new UsageResponse(Guid.CreateVersion7(), "enrichment", "success", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            [new ChargeResponse("actions", 1), new ChargeResponse("data_credits", 1)]), JsonSetup.Options);
        outcomes = [.. Enumerable.Range(0, Events.PerInvoke).Select(_ => new EngineResult<UsageRecorded>.Done(new UsageRecorded(stored)))];
        response = new DefaultHttpContext { RequestServices = services };
        response.Features.Set<IHttpResponseBodyFeature>(new DiscardingBody());
    }

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "batch item: bind batch, item → request, validate, fingerprint")]
    public int Items()
    {
        var (batch, document) = UsageBatchRequest.Read(body, JsonSetup.Options);
        using (document)
        {
            var n = 0;
            var items = new ItemValidator<UsageRequest>(validator);
            foreach (var item in batch.Events!.Value.EnumerateArray())
            {
                n += UsageEndpoints.ParseItem(item, items, null).Usage?.RequestHash.Length ?? 0;
            }

            return n;
        }
    }

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "batch answer: write the results")]
    public async Task<int> Serialize()
    {
        await new UsageBatchAnswer(outcomes, new ProblemSpec?[outcomes.Length], "trace").ExecuteAsync(response);
        return response.Response.StatusCode;
    }
}
