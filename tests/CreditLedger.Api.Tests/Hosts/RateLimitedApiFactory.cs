using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Tests.Hosts;

public sealed class RateLimitedApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:RateLimit:PermitsPerSecond"] = "1",
        ["CreditLedger:RateLimit:Burst"] = "3",
    };
}
