using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Infrastructure;

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
