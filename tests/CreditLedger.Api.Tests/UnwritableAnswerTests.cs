using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests;

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

/// <summary>An answer the service cannot write is its own fault: a logged 500, never a 400 that blames the client.</summary>
public class UnwritableAnswerTests(UnwritableAnswerFactory api) : IClassFixture<UnwritableAnswerFactory>
{
    [Fact]
    public async Task An_answer_too_deep_to_write_is_a_500_problem_not_a_client_error()
    {
        var response = await api.Admin().GetAsync(UnwritableAnswerFactory.Path);

        await response.ExpectProblem(HttpStatusCode.InternalServerError, "internal");
    }
}
