using CreditLedger.Api.Database.Replica;
using System.Text;
using Npgsql;
using CreditLedger.Api.Engine;

using static CreditLedger.Api.Engine.Rollups.UtcBuckets;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>One aggregated slice of usage: in one bucket (1-based; null for the whole range) and for some dimensions.</summary>
public sealed record ReportRow(
    int? Bucket, string? Kind, Guid? UserId, string? Integration, string? Service,
    decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes, string? ResourceId = null, Guid? ApiKeyId = null);

/// <summary>
/// What a report groups by (ByTime: the report's buckets) and filters on. The array filters keep usage whose value is
/// one of those given (resources: a node and its descendants, already expanded; users: Clay's ownerIds; integrations).
/// </summary>
public sealed record ReportShape(bool ByTime, bool ByKind, bool ByUser, bool ByIntegration, bool ByService,
    Guid? UserId = null, string? Integration = null, bool EnrichmentOnly = false, bool ByResource = false, bool ByApiKey = false,
    string[]? ResourceIds = null, Guid[]? UserIds = null, string[]? Integrations = null);

/// <summary>
/// Reads usage for a range. Whole UTC days and hours come from the daily and hourly rollups (the narrowest tables that
/// keep the dimensions the report groups and filters by, <see cref="RollupTables.For"/>, each read together with the
/// rollup journal's deltas not yet folded into it, <see cref="RollupJournal.Live"/>), so a report never scans the
/// ledger; the partial hours at either end of the range come from the raw facts (usage events and charge entries).
/// Where a bucket boundary is not a whole UTC hour (zones with 30- or 45-minute offsets), the hours such boundaries
/// split come from the quarter-hour rollups (or, for a boundary that is not on a quarter hour either, from the raw
/// facts) and every other hour still from the hourly rollups, so every bucket stays exact without scanning the range.
/// PostgreSQL assigns rows to the report's buckets itself (width_bucket over the bucket starts), so it returns
/// one row per bucket and dimension, not per hour.
/// </summary>
public static class RollupReader
{
    public static async Task<List<ReportRow>> LoadAsync(
        ReadSource reads, Guid workspaceId, DateTimeOffset from, DateTimeOffset to, ReportShape shape,
        DateTimeOffset[] bucketStarts, CancellationToken ct)
    {
        var pieces = Pieces(from, to, bucketStarts);

        // One round trip for all pieces.
        await using var connection = await reads.Database.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var piece in pieces)
        {
            batch.BatchCommands.Add(Command(Sql(shape, piece.Source), workspaceId, piece.From, piece.To, shape, bucketStarts, piece.SplitHours));
        }

        var rows = new List<ReportRow>();
        await using var r = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(new ReportRow(
                    r.IsDBNull(0) ? null : r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1),
                    r.IsDBNull(2) ? null : r.GetGuid(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.GetDecimal(5), r.GetDecimal(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9),
                    r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetGuid(11)));
            }
        }
        while (await r.NextResultAsync(ct));

        return rows;
    }

    private enum Source
    {
        Raw,
        Hourly,
        Daily,

        /// <summary>Hourly rollups except the hours a bucket boundary splits.</summary>
        HourlyUnsplit,

        /// <summary>Raw facts of only the hours a bucket boundary splits.</summary>
        RawSplit,

        /// <summary>Quarter-hour rollups of only the hours a bucket boundary splits.</summary>
        QuarterSplit,
    }

    private sealed record Piece(Source Source, DateTimeOffset From, DateTimeOffset To, DateTimeOffset[] SplitHours);

    /// <summary>
    /// Splits [from, to) into the cheapest exact pieces: whole UTC days from the daily rollups (when every bucket
    /// boundary is a UTC midnight), whole hours from the hourly rollups (when every boundary is a whole hour), and
    /// the rest from the raw facts.
    /// </summary>
    private static List<Piece> Pieces(DateTimeOffset from, DateTimeOffset to, DateTimeOffset[] bucketStarts)
    {
        var inner = bucketStarts.Skip(1).ToArray();
        var (hourStart, hourEnd) = (Ceiling(from, Hour), Floor(to, Hour));
        if (hourStart >= hourEnd)
        {
            return [new Piece(Source.Raw, from, to, [])];
        }

        var pieces = new List<Piece>();
        Add(pieces, Source.Raw, from, hourStart);
        Add(pieces, Source.Raw, hourEnd, to);
        if (!inner.All(b => b.UtcTicks % Hour.Ticks == 0))
        {
            var split = inner.Where(b => b.UtcTicks % Hour.Ticks != 0 && b > hourStart && b < hourEnd).Select(b => Floor(b, Hour)).Distinct().ToArray();
            pieces.Add(new Piece(Source.HourlyUnsplit, hourStart, hourEnd, split));
            var onQuarters = inner.All(b => b.UtcTicks % Quarter.Ticks == 0);
            pieces.Add(new Piece(onQuarters ? Source.QuarterSplit : Source.RawSplit, hourStart, hourEnd, split));
            return pieces;
        }

        var (dayStart, dayEnd) = (Ceiling(hourStart, Day), Floor(hourEnd, Day));
        if (inner.All(b => b.UtcTicks % Day.Ticks == 0) && dayStart < dayEnd)
        {
            pieces.Add(new Piece(Source.Daily, dayStart, dayEnd, []));
            Add(pieces, Source.Hourly, hourStart, dayStart);
            Add(pieces, Source.Hourly, dayEnd, hourEnd);
        }
        else
        {
            pieces.Add(new Piece(Source.Hourly, hourStart, hourEnd, []));
        }

        return pieces;

        static void Add(List<Piece> list, Source source, DateTimeOffset start, DateTimeOffset end)
        {
            if (start < end)
            {
                list.Add(new Piece(source, start, end, []));
            }
        }
    }

    /// <summary>The dimensions a report groups or filters by: it reads the narrowest rollups that keep them.</summary>
    internal static RollupDimensions Needs(ReportShape shape)
    {
        var needed = RollupDimensions.Kind;
        needed |= shape.ByUser || shape.UserId is not null || shape.UserIds is not null ? RollupDimensions.User : 0;
        needed |= shape.ByIntegration || shape.Integration is not null || shape.Integrations is not null ? RollupDimensions.Integration : 0;
        needed |= shape.ByService ? RollupDimensions.Service : 0;
        needed |= shape.ByResource || shape.ResourceIds is not null ? RollupDimensions.Resource : 0;
        needed |= shape.ByApiKey ? RollupDimensions.ApiKey : 0;
        return needed;
    }

    private static string Sql(ReportShape shape, Source from)
    {
        var (hourly, daily) = RollupTables.For(Needs(shape));
        var (time, source) = from switch
        {
            Source.Daily => (daily.Bucket, RollupJournal.Live(daily)),
            Source.Hourly or Source.HourlyUnsplit => (hourly.Bucket, RollupJournal.Live(hourly)),
            Source.QuarterSplit => (RollupTables.Quarter.Bucket, RollupJournal.Live(RollupTables.Quarter)),
            // One index range scan per split hour. OFFSET 0 keeps the subquery from being flattened: flattened, the
            // hour condition stays above the view's UNION ALL and every fact is compared with every hour (13 s vs 0.45 s
            // for 316k facts in 721 hours, EXPLAIN ANALYZE in docs/reliability.md).
            Source.RawSplit => ("occurred_at", """
                unnest($7::timestamptz[]) AS split(hour) CROSS JOIN LATERAL (SELECT * FROM usage_facts f WHERE f.workspace_id = $1
                    AND f.occurred_at >= split.hour AND f.occurred_at < split.hour + interval '1 hour' OFFSET 0) AS facts
                """),
            _ => ("occurred_at", "usage_facts"),
        };
        var sql = new StringBuilder()
            .Append("SELECT ").Append(shape.ByTime ? $"width_bucket({time}, $6::timestamptz[])" : "NULL::int")
            .Append(shape.ByKind ? ", kind" : ", NULL::text")
            .Append(shape.ByUser ? ", user_id" : ", NULL::uuid")
            .Append(shape.ByIntegration ? ", integration" : ", NULL::text")
            .Append(shape.ByService ? ", service" : ", NULL::text")
            .Append(", sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)")
            .Append(shape.ByResource ? ", resource_id" : ", NULL::text")
            .Append(shape.ByApiKey ? ", api_key_id" : ", NULL::uuid")
            .Append(" FROM ").Append(source)
            .Append(" WHERE workspace_id = $1 AND ").Append(time).Append(" >= $2 AND ").Append(time).Append(" < $3");
        if (shape.UserId is not null)
        {
            sql.Append(" AND user_id = $4");
        }

        if (shape.Integration is not null)
        {
            sql.Append(" AND integration = $5");
        }

        if (shape.ResourceIds is not null)
        {
            sql.Append(" AND resource_id = ANY($8)");
        }

        if (shape.UserIds is not null)
        {
            sql.Append(" AND user_id = ANY($9)");
        }

        if (shape.Integrations is not null)
        {
            sql.Append(" AND kind = 'enrichment' AND integration = ANY($10)");
        }

        if (shape.EnrichmentOnly)
        {
            sql.Append(" AND kind = 'enrichment'");
        }

        if (from == Source.HourlyUnsplit)
        {
            sql.Append(" AND NOT (bucket_hour = ANY($7))");
        }

        if (from == Source.QuarterSplit)
        {
            sql.Append(" AND date_bin('1 hour', bucket_quarter, TIMESTAMPTZ '2000-01-01 00:00:00+00') = ANY($7)");
        }

        return sql.Append(" GROUP BY 1, 2, 3, 4, 5, 11, 12").ToString();
    }

    private static NpgsqlBatchCommand Command(
        string sql, Guid workspaceId, DateTimeOffset from, DateTimeOffset to, ReportShape shape, DateTimeOffset[] bucketStarts, DateTimeOffset[] splitHours) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = workspaceId },
            new NpgsqlParameter { Value = from },
            new NpgsqlParameter { Value = to },
            new NpgsqlParameter { Value = (object?)shape.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = (object?)shape.Integration ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            new NpgsqlParameter { Value = bucketStarts, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz },
            new NpgsqlParameter { Value = splitHours, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz },
            new NpgsqlParameter { Value = (object?)shape.ResourceIds ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text },
            new NpgsqlParameter { Value = (object?)shape.UserIds ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = (object?)shape.Integrations ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text },
        },
    };
}
