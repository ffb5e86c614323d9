using CreditLedger.Api.Auth;
using CreditLedger.Api.Enrichments;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Reservations;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Another instance of the service on the same database, with a clock of its own that never moves.</summary>
public sealed class OtherInstanceFactory : LedgerApiFactory
{
    public OtherInstanceFactory(string databaseName, DateTimeOffset now)
        : base(now) => DatabaseName = databaseName;

    /// <summary>The database is the first instance's.</summary>
    public override Task InitializeAsync() => Task.CompletedTask;
}
