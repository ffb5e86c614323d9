using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Bench.Stages;

/// <summary>The parts of <see cref="EngineStages"/>'s record, one at a time: where its microseconds and bytes go.</summary>
[MemoryDiagnoser]
public class EngineParts
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly LedgerEntry entry = new(Guid.CreateVersion7(), 42, Guid.CreateVersion7(), EntryTypes.Charge, Currency.DataCredits, -1m, 4120.5m, 980m,
        Now, Guid.CreateVersion7(), null, null,
        new EntryContext(Now, UsageId: Guid.CreateVersion7(), Kind: UsageKinds.Enrichment, Integration: "leadmagic", Service: "email_finder"));
    private readonly UsageResponse response = new(Guid.CreateVersion7(), UsageKinds.Enrichment, OutcomeNames.Success, Now, Now,
        [new ChargeResponse("actions", 1), new ChargeResponse("data_credits", 1)]);

    [Benchmark(Description = "hash chain: one entry")]
    public byte[] Chain() => HashChain.Next(HashChain.Genesis, entry);

    [Benchmark(Description = "stored response: serialise UsageResponse")]
    public byte[] Response() => JsonSerializer.SerializeToUtf8Bytes(response, JsonSetup.Options);

    [Benchmark(Description = "id: Guid.CreateVersion7 (the framework's)")]
    public Guid FrameworkId() => Guid.CreateVersion7();

    [Benchmark(Description = "id: Uuid7.Next (pooled randomness)")]
    public Guid PooledId() => Uuid7.Next();
}
