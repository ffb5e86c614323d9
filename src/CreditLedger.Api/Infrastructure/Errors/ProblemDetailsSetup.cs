using System.Diagnostics;

namespace CreditLedger.Api.Infrastructure.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>Every problem gets the contract's type for its status and the trace id clients quote to support.</summary>
    public static IServiceCollection AddContractProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem.Type is null || !problem.Type.StartsWith("https://creditledger.dev/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            problem.Detail ??= problem.Title;
            problem.Extensions.Remove("requestId");
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
}
