using Npgsql;

namespace CreditLedger.Api.Database.Replica;

/// <summary>
/// A request's read database, chosen once per attempt by <see cref="ReadRouting"/>. If the replica fails the request
/// (a standby stopped, a connection cut), <see cref="ReplicaFallbackFilter"/> runs the handler again on the primary.
/// </summary>
public sealed class ReadSource(ReadRouting routing)
{
    private NpgsqlDataSource? chosen;

    internal bool PrimaryOnly { get; set; }

    /// <summary>Whether this attempt's reads went to the replica.</summary>
    internal bool UsedReplica => chosen is not null && !ReferenceEquals(chosen, routing.Primary);

    public NpgsqlDataSource Database => chosen ??= routing.Choose(PrimaryOnly);

    internal void Retry()
    {
        routing.ReplicaFailed();
        PrimaryOnly = true;
        chosen = null;
    }
}

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
