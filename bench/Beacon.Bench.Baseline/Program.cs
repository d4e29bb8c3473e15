using System.Data.Common;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Npgsql;

// The smallest ASP.NET Core app doing what the benchmarks measure, so Beacon's figures can be read as a ratio to
// what the runtime and the database themselves cost on this machine:
//   GET  /health/ready          200 (start-up benchmark)
//   POST /api/v1/incidents      one INSERT of a comparable row (plain ADO.NET, no auth, audit, scope or
//                               idempotency), answered 201 after the commit, then pushed to every client of
//   /hubs/duty-board            a bare SignalR hub (first-report benchmark)
// Database from Baseline__Provider (Sqlite, the default, or Postgres) and Baseline__ConnectionString; SQLite in
// WAL mode with synchronous=NORMAL and a busy timeout, as Beacon is configured.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();
var app = builder.Build();
var provider = app.Configuration["Baseline:Provider"] ?? "Sqlite";
var connectionString = app.Configuration["Baseline:ConnectionString"];
var postgres = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
var dataSource = postgres ? NpgsqlDataSource.Create(connectionString!) : null;

async Task<DbConnection> OpenAsync(CancellationToken ct)
{
    if (dataSource is not null)
    {
        return await dataSource.OpenConnectionAsync(ct);
    }

    var sqlite = new SqliteConnection(connectionString ?? "Data Source=baseline.db;Pooling=true");
    await sqlite.OpenAsync(ct);
    await using var pragma = sqlite.CreateCommand();
    pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
    await pragma.ExecuteNonQueryAsync(ct);
    return sqlite;
}

if (connectionString is not null || !postgres)
{
    await using var db = await OpenAsync(CancellationToken.None);
    await using var create = db.CreateCommand();
    create.CommandText = postgres
        ? "CREATE TABLE IF NOT EXISTS incidents (id uuid PRIMARY KEY, title text NOT NULL, event_type text NOT NULL, severity text NOT NULL, location text NOT NULL, narrative text NOT NULL, signer text NOT NULL, learned_at timestamptz NOT NULL, created_at timestamptz NOT NULL)"
        : "CREATE TABLE IF NOT EXISTS incidents (id TEXT PRIMARY KEY, title TEXT NOT NULL, event_type TEXT NOT NULL, severity TEXT NOT NULL, location TEXT NOT NULL, narrative TEXT NOT NULL, signer TEXT NOT NULL, learned_at INTEGER NOT NULL, created_at INTEGER NOT NULL)";
    await create.ExecuteNonQueryAsync();
}

app.MapGet("/health/ready", () => Results.Ok());

// The feed baseline: a fixed Atom document of about the size of Beacon's feed with 20 warnings, with an ETag.
var feedBody = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
    + string.Concat(Enumerable.Range(0, 20).Select(i => $"<entry><id>urn:uuid:{Guid.NewGuid()}</id><title>某某区气象台发布暴雨黄色预警 {i}</title><summary>预计未来6小时内将出现50毫米以上降雨，局地伴有雷电和短时大风。</summary><link rel=\"alternate\" type=\"application/cap+xml\" href=\"/public/warnings/{Guid.NewGuid()}/cap.xml\"/></entry>"))
    + "</feed>");
const string FeedETag = "\"baseline-feed\"";
app.MapGet("/public/warnings.atom", (HttpContext http) =>
{
    http.Response.Headers.ETag = FeedETag;
    return http.Request.Headers.IfNoneMatch == FeedETag ? Results.StatusCode(304) : Results.Bytes(feedBody, "application/atom+xml; charset=utf-8");
});
app.MapHub<BoardHub>("/hubs/duty-board");
app.MapPost("/api/v1/incidents", async (Report r, IHubContext<BoardHub> hub, CancellationToken ct) =>
{
    var id = Guid.CreateVersion7();
    var now = TimeProvider.System.GetUtcNow();
    await using (var db = await OpenAsync(ct))
    {
        await using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO incidents VALUES (@id, @title, @type, @severity, @location, @narrative, @signer, @learned, @created)";
        void Add(string name, object value)
        {
            var p = insert.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            insert.Parameters.Add(p);
        }

        Add("id", postgres ? id : id.ToString());
        Add("title", r.Title);
        Add("type", r.EventTypeCode);
        Add("severity", r.Severity);
        Add("location", r.LocationCode);
        Add("narrative", r.Narrative);
        Add("signer", r.Signer);
        Add("learned", postgres ? r.LearnedAt : r.LearnedAt.UtcTicks);
        Add("created", postgres ? now : now.UtcTicks);
        await insert.ExecuteNonQueryAsync(ct);
    }

    _ = hub.Clients.All.SendAsync("incident", new { kind = 1, incidentId = id, at = now }, CancellationToken.None);
    return Results.Created($"/api/v1/incidents/{id}", new { id });
});
await app.RunAsync();

internal sealed record Report(string Title, string EventTypeCode, string Severity, string LocationCode, string Narrative, string Signer, DateTimeOffset LearnedAt);

internal sealed class BoardHub : Hub;
