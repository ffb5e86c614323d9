using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The service with one extra route, behind every middleware, whose answer cannot be written as JSON.</summary>
public sealed class UnwritableAnswerFactory : LedgerApiFactory
{
    public const string Path = "/test/unwritable-answer";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new UnwritableRoute()));
    }

    private sealed class UnwritableRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Reached by a request no endpoint matched: after authentication and inside the exception handler.
            app.Run(async context =>
            {
                var node = new Nested();
                for (var i = 0; i < 100; i++)
                {
                    node = new Nested { Child = node };
                }

                await context.Response.WriteAsJsonAsync(node, CreditLedger.Api.Json.JsonSetup.Options);
            });
        };
    }

    public sealed class Nested
    {
        public Nested? Child { get; init; }
    }
}
