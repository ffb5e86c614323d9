using CreditLedger.Api.Database.Replica;
using Npgsql;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>Reruns a read on the primary when the replica failed it: a replica going away is never the caller's error.</summary>
public sealed class ReplicaFallbackFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var source = context.HttpContext.RequestServices.GetRequiredService<ReadSource>();
        try
        {
            return await next(context);
        }
        catch (Exception e) when (source.UsedReplica && e is NpgsqlException or InvalidOperationException
                                  && !context.HttpContext.RequestAborted.IsCancellationRequested && !context.HttpContext.Response.HasStarted)
        {
            source.Retry();
            return await next(context);
        }
    }
}
