namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// Reads that share the connection pool under load. Npgsql reuses one data reader per physical connection, so a
/// reader disposed a second time after its connection went back to the pool closes whatever another request is
/// reading on it; found by the dashboard's parallel report polls (a 500 from inside Npgsql, now and then).
/// </summary>
public class ConcurrentReadTests(UnthrottledReadsFactory api) : IClassFixture<UnthrottledReadsFactory>
{
    private UnthrottledReadsFactory Api { get; } = api;

    [Fact]
    public async Task Many_parallel_report_and_balance_reads_all_answer_200()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/f1", new { kind = "folder", name = "f1" })).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/wb1", new { kind = "workbook", name = "wb1", parentId = "f1" })).Expect(HttpStatusCode.Created);
        var key = await Api.WorkspaceClient(id);
        key.Timeout = TimeSpan.FromSeconds(30); // a corrupted connection hangs its request: fail, do not hang the run
        await (await key.Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "u1", kind = "table_run", resourceId = "wb1" })).Expect(HttpStatusCode.Created);
        var now = Api.Clock.GetUtcNow();
        var range = $"from={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(1).ToString("O"))}";
        string[] paths =
        [
            $"/v1/workspaces/{id}/reports/usage?{range}&resourceId=f1",
            $"/v1/workspaces/{id}/reports/resources?{range}&resourceId=wb1",
            $"/v1/workspaces/{id}/integrations/leadmagic/reports/usage?{range}&resourceId=f1",
            $"/v1/workspaces/{id}/reports/users?{range}",
            $"/v1/workspaces/{id}/balance",
        ];

        // 24 at a time: below the service's own concurrency limits, so every answer should be a 200.
        using var gate = new SemaphoreSlim(24);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 600).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await key.GetAsync(paths[i % paths.Length]);
                return $"{(int)response.StatusCode} {paths[i % paths.Length]}";
            }
            finally
            {
                gate.Release();
            }
        }));

        statuses.Where(s => !s.StartsWith("200", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
