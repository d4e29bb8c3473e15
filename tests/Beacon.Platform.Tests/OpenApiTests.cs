using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> is what integrators generate clients from: every operation
/// answers with a described body for each status, creates say 201, and the security schemes and the headers the
/// kernel honours (Idempotency-Key, If-Match, ETag) are declared, not only mentioned in prose.
/// </summary>
public sealed partial class OpenApiTests(SqliteBeacon beacon) : IClassFixture<SqliteBeacon>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>POSTs that are commands on something that exists (sign, forward, retire …): they answer 200, not 201.</summary>
    private static readonly HashSet<string> Commands =
    [
        "/api/v1/accounts/{id}/reset-password",
        "/api/v1/account/password",
        "/api/v1/account/recovery-codes",
        "/api/v1/account/sessions/{id}/end",
        "/api/v1/account/signout-everywhere",
        "/api/v1/alerts/{id}/acknowledge",
        "/api/v1/duty/handovers/{id}/acknowledge",
        "/api/v1/allocations/{id}/approve",
        "/api/v1/allocations/{id}/dispatch",
        "/api/v1/allocations/{id}/receive",
        "/api/v1/allocations/{id}/reject",
        "/api/v1/clues/{id}/judgements",
        "/api/v1/incidents/{id}/forward",
        "/api/v1/incidents/{id}/approvals/approve",
        "/api/v1/incidents/{id}/approvals/return",
        "/api/v1/incidents/{id}/approvals/resubmit",
        "/api/v1/incidents/{id}/sign",
        "/api/v1/instruction-assignments/{id}/sign",
        "/api/v1/instructions/{id}/supervision",
        "/api/v1/plan-activations/{id}/level",
        "/api/v1/plan-activations/{id}/terminate",
        "/api/v1/plan-revisions/{id}/complete",
        "/api/v1/plan-tasks/{id}/complete",
        "/api/v1/plan-tasks/{id}/sign",
        "/api/v1/recipients/{id}/deactivate",
        "/api/v1/recipients/{id}/reactivate",
        "/api/v1/risks/hazards/{id}/assessments",
        "/api/v1/risks/rectifications/{id}/done",
        "/api/v1/risks/rectifications/{id}/verification",
        "/api/v1/risks/rounds/{id}/returns",
        "/api/v1/recipients/import",
        "/api/v1/reporting-rules/preview",
        "/api/v1/reporting-rules/{id}/reinstate",
        "/api/v1/reporting-rules/{id}/retire",
        "/api/v1/resources/import",
        "/api/v1/risks/hazards/import",
        "/api/v1/risks/rounds/{id}/returns/import",
        "/api/v1/tokens/{id}/revoke",
        "/api/v1/units/{id}/merge",
        "/api/v1/units/{id}/retire",
        "/api/v1/verification-requests/{id}/answer",
        "/api/v1/verification-requests/{id}/link",
        "/api/v1/warnings/{id}/deliveries/retry",
        "/api/v1/warnings/feeds/poll",
        "/api/v1/warnings/{id}/review",
        "/api/v1/warnings/{id}/sign-off",
        "/api/v1/warnings/{id}/submit",
    ];

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = beacon.Anonymous();
        var response = await client.GetAsync("/openapi/v1.json", Ct);
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).Clone();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch" or "head")
                .Select(m => (path.Name, m.Name.ToUpperInvariant(), m.Value)));

    [Fact]
    public async Task The_register_and_its_export_declare_the_same_filters_and_the_timeline_its_answers()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        string[] filters = ["q", "eventType", "level", "status", "jurisdiction", "from", "to", "overdue", "sort", "drills"];

        foreach (var path in new[] { "/api/v1/incidents", "/api/v1/incidents/export.xlsx" })
        {
            var names = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.All(filters, f => Assert.Contains(f, names));
            Assert.True(paths.GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty("400", out _), path);
        }

        var timeline = paths.GetProperty("/api/v1/incidents/{id}/timeline").GetProperty("get").GetProperty("responses");
        Assert.True(timeline.TryGetProperty("200", out var ok) && ok.TryGetProperty("content", out _));
        Assert.True(timeline.TryGetProperty("404", out _));
    }

    [Fact]
    public async Task Every_operation_describes_the_body_of_every_status_it_answers()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("responses", out var responses) || !responses.EnumerateObject().Any(r => r.Name.StartsWith('2') || r.Name.StartsWith('3')))
            {
                missing.Add($"{method} {path}: no success response");
                continue;
            }

            foreach (var response in responses.EnumerateObject())
            {
                if (response.Name is "204" or "304" || response.Name.StartsWith('3'))
                {
                    continue;
                }

                var schemas = response.Value.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Where(c => c.Value.TryGetProperty("schema", out _)).Select(c => c.Name).ToList()
                    : [];
                if (schemas.Count == 0)
                {
                    missing.Add($"{method} {path} {response.Name}: no schema");
                }
                else if (response.Name.StartsWith('4') && !schemas.Contains("application/problem+json"))
                {
                    missing.Add($"{method} {path} {response.Name}: not a ProblemDetails");
                }
            }
        }

        Assert.True(missing.Count == 0, $"{missing.Count} responses lack a schema:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task Creates_are_documented_as_201_not_200()
    {
        var document = await DocumentAsync();

        var wrong = Operations(document)
            .Where(o => o.Method == "POST" && !Commands.Contains(o.Path))
            .Where(o => !o.Operation.GetProperty("responses").TryGetProperty("201", out _))
            .Select(o => $"POST {o.Path}")
            .ToList();

        Assert.True(wrong.Count == 0, "POST creates without 201 (add .Produces<T>(201), or name the command in this test):\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task Operations_that_need_a_signed_in_caller_name_the_cookie_and_token_schemes()
    {
        var document = await DocumentAsync();
        var needsAuth = AuthorizedOperations();
        var wrong = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            var schemes = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToHashSet()
                : [];
            if (needsAuth.Contains($"{method} {path}"))
            {
                if (!schemes.SetEquals(["cookie", "bearer"]))
                {
                    wrong.Add($"{method} {path}: needs authorization but names [{string.Join(", ", schemes)}]");
                }

                if (!operation.GetProperty("responses").TryGetProperty("401", out _) || !operation.GetProperty("responses").TryGetProperty("403", out _))
                {
                    wrong.Add($"{method} {path}: needs authorization but does not document 401 and 403");
                }
            }
            else if (schemes.Count != 0)
            {
                wrong.Add($"{method} {path}: anonymous but names [{string.Join(", ", schemes)}]");
            }
        }

        Assert.NotEmpty(needsAuth);
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));

        var declared = document.GetProperty("components").GetProperty("securitySchemes");
        var cookie = declared.GetProperty("cookie");
        Assert.Equal("apiKey", cookie.GetProperty("type").GetString());
        Assert.Equal("cookie", cookie.GetProperty("in").GetString());
        Assert.Equal("Beacon.Session", cookie.GetProperty("name").GetString());
        var bearer = declared.GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Problem_details_carry_the_stable_code_and_the_errors_per_field()
    {
        var document = await DocumentAsync();

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");

        Assert.Equal("string", problem.GetProperty("code").GetProperty("type").GetString());
        Assert.Equal("object", problem.GetProperty("codes").GetProperty("type").GetString());
        Assert.Equal("array", problem.GetProperty("codes").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("array", problem.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.True(schema.TryGetProperty("$ref", out var reference) && reference.GetString() == "#/components/schemas/ProblemDetails",
                    $"{method} {path} {response.Name} is not the ProblemDetails schema: {schema}");
            }
        }
    }

    [Fact]
    public async Task Idempotency_key_if_match_and_etag_are_declared_where_the_kernel_honours_them()
    {
        var document = await DocumentAsync();
        var needsAuth = AuthorizedOperations();
        var wrong = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            var headers = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header")
                    .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("required", out var r) && r.GetBoolean())
                : [];
            var responses = operation.GetProperty("responses");

            // IdempotencyMiddleware honours the key on every POST under /api by a signed-in caller.
            var honoursKey = method == "POST" && path.StartsWith("/api/", StringComparison.Ordinal) && needsAuth.Contains($"{method} {path}");
            if (honoursKey != headers.ContainsKey("Idempotency-Key"))
            {
                wrong.Add($"{method} {path}: Idempotency-Key {(honoursKey ? "missing" : "declared but not honoured")}");
            }
            else if (honoursKey && headers["Idempotency-Key"])
            {
                wrong.Add($"{method} {path}: Idempotency-Key must be optional");
            }

            // An update that answers 428 without If-Match declares the header as required; any If-Match comes with 412.
            var requiresIfMatch = responses.TryGetProperty("428", out _);
            var declared = headers.TryGetValue("If-Match", out var required);
            if (requiresIfMatch != (declared && required) || (declared && !responses.TryGetProperty("412", out _)))
            {
                wrong.Add($"{method} {path}: If-Match, 428 and 412 do not go together");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Contains(Operations(document), o => o.Operation.GetProperty("responses").TryGetProperty("428", out _));
        Assert.Contains(document.GetProperty("paths").GetProperty("/api/v1/units/{id}/retire").GetProperty("post").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "If-Match" && !(p.TryGetProperty("required", out var r) && r.GetBoolean()));
        foreach (var (path, method, status) in new[]
                 {
                     ("/api/v1/units/{id}", "get", "200"), ("/api/v1/units", "post", "201"), ("/api/v1/units/{id}", "put", "200"),
                     ("/api/v1/incidents/{id}", "get", "200"), ("/api/v1/warnings/{id}", "get", "200"), ("/api/v1/accounts/{id}", "put", "200"),
                 })
        {
            var response = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
            Assert.True(response.TryGetProperty("headers", out var headers) && headers.TryGetProperty("ETag", out _), $"{method} {path} {status} declares no ETag");
        }
    }

    [Fact]
    public async Task File_downloads_and_documents_declare_their_content_type()
    {
        var document = await DocumentAsync();

        foreach (var (path, contentType) in new[]
                 {
                     ("/api/v1/incidents/{id}/reports/{reportId}/docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                     ("/api/v1/incidents/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                     ("/api/v1/statistics/timeliness.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                     ("/api/v1/warnings/statistics.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                     ("/api/v1/warnings/{id}/cap", "application/cap+xml"),
                     ("/public/warnings/{id}/cap.xml", "application/cap+xml"),
                     ("/public/warnings.atom", "application/atom+xml"),
                     ("/api/v1/attachments/{id}/content", "application/octet-stream"),
                 })
        {
            var content = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.True(content.TryGetProperty(contentType, out _), $"GET {path} does not declare {contentType}: {content}");
        }

        var upload = document.GetProperty("paths").GetProperty("/api/v1/incidents/{id}/attachments").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(upload.TryGetProperty("multipart/form-data", out _));
        var import = document.GetProperty("paths").GetProperty("/api/v1/warnings/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(import.TryGetProperty("application/cap+xml", out _));
    }

    /// <summary>"GET /api/v1/units/{id}" for every endpoint the running app maps that does not allow anonymous callers.</summary>
    private HashSet<string> AuthorizedOperations() =>
        beacon.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText ?? "", "}")}"))
            .ToHashSet();

    [GeneratedRegex(":[^}]+\\}")]
    private static partial Regex Constraint();
}
