using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Beacon.Platform.Http;

/// <summary>
/// Writes the kernel's HTTP conventions (decision 0004) into <c>/openapi/v1.json</c>, so a client generated from the
/// document knows them: one ProblemDetails schema for every 4xx (with Beacon's <c>code</c>, <c>codes</c> and
/// <c>errors</c>), the session cookie and the bearer API token as security schemes on every operation that needs a
/// signed-in caller, <c>Idempotency-Key</c> on the POSTs <see cref="IdempotencyMiddleware"/> honours, <c>If-Match</c>
/// and <c>ETag</c> where the endpoint says so (<see cref="ApiDocs"/>), and the refusals every endpoint can give
/// (401/403, 400 for bad input, 413/415 for a body). What only one endpoint answers is stated on that endpoint.
/// </summary>
public sealed class OpenApiConventions(IOptionsMonitor<CookieAuthenticationOptions> cookies) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string ProblemSchema = "ProblemDetails";
    public const string CookieScheme = "cookie";
    public const string BearerScheme = "bearer";
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= [];
        var needsAuth = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (operation.RequestBody is null && metadata.OfType<RawBody>().FirstOrDefault() is { } raw)
        {
            operation.RequestBody = Body(raw);
        }

        var hasBody = operation.RequestBody is not null || metadata.OfType<RequestBodyLimit>().Any();

        if (needsAuth)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            Refusal(responses, StatusCodes.Status401Unauthorized, "Not signed in: no valid session cookie or API token.");
            Refusal(responses, StatusCodes.Status403Forbidden, "Signed in, but without the role or the jurisdiction this needs.");
        }

        if (hasBody || operation.Parameters?.Any(p => p.In is ParameterLocation.Path or ParameterLocation.Query) == true)
        {
            Refusal(responses, StatusCodes.Status400BadRequest, "Invalid input; errors (and codes) name each field.");
        }

        if (hasBody)
        {
            Refusal(responses, StatusCodes.Status413PayloadTooLarge, "The body is larger than the server accepts.");
        }

        if (operation.RequestBody?.Content?.ContainsKey("application/json") == true)
        {
            Refusal(responses, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as application/json.");
        }

        // IdempotencyMiddleware: every POST under /api by a signed-in caller.
        if (needsAuth && HttpMethods.IsPost(context.Description.HttpMethod ?? "")
            && context.Description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true)
        {
            Header(operation, IdempotencyMiddleware.Header, required: false,
                "Optional key (at most 200 characters) that makes a retry safe: the same key and body get the first answer again " +
                "(Idempotency-Replayed: true) and change nothing; the same key with another body is refused with 422.");
            Refusal(responses, StatusCodes.Status409Conflict, "Conflict with the current state, or the Idempotency-Key's first request is still being processed.");
            Refusal(responses, StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used with another body.");
        }

        if (metadata.OfType<IfMatchHeader>().FirstOrDefault() is { } ifMatch)
        {
            Header(operation, "If-Match", ifMatch.IsRequired, ifMatch.IsRequired
                ? "The ETag read (or *): without it the answer is 428, when the resource has changed since 412, and nothing is changed."
                : "The ETag read (optional): when the resource has changed since, the answer is 412 and nothing is changed.");
        }

        foreach (var status in metadata.OfType<ETagAnswers>().SelectMany(e => e.Statuses))
        {
            if (responses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var answer) && answer is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The version answered: send it back in If-Match to update (or If-None-Match to read again only if changed).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name,
            Description = "The session cookie set by signing in at /account/signin (browsers).",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "bcn_…",
            Description = "An API token created by an administrator: Authorization: Bearer bcn_… (integrations).",
        };

        // One shape for every refusal, whichever metadata (ProducesProblem, ProducesValidationProblem) declared it;
        // statuses in order.
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.Responses is { Count: > 1 } unordered)
            {
                var ordered = unordered.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                unordered.Clear();
                foreach (var (status, answer) in ordered)
                {
                    unordered[status] = answer;
                }
            }

            foreach (var (status, answer) in operation.Responses ?? new OpenApiResponses())
            {
                if (status.StartsWith('4') && answer is OpenApiResponse response)
                {
                    response.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiRequestBody Body(RawBody raw)
    {
        OpenApiSchema schema = raw.FileField is null
            ? new() { Type = JsonSchemaType.String }
            : new()
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { raw.FileField },
                Properties = new Dictionary<string, IOpenApiSchema> { [raw.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }
                    .Concat((raw.TextFields ?? []).Select(f => KeyValuePair.Create(f, (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String })))
                    .ToDictionary(),
            };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = raw.ContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = schema }),
        };
    }

    private static void Refusal(OpenApiResponses responses, int status, string description) =>
        responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse { Description = description });

    private static void Header(OpenApiOperation operation, string name, bool required, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = name == IdempotencyMiddleware.Header ? 200 : null },
        });
    }

    /// <summary>RFC 9457 ProblemDetails as Beacon writes it.</summary>
    private static OpenApiSchema Problem()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        static OpenApiSchema PerField(string description) => new()
        {
            Type = JsonSchemaType.Object,
            Description = description,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details (application/problem+json), the answer to every refusal and error.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the kind of problem."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong in this request, in English."),
                ["instance"] = Text("The request path."),
                ["code"] = Text("Stable refusal code a client can act on and a page translates, e.g. \"incident.deaths.negative\"."),
                ["codes"] = PerField("Stable refusal codes per field (JSON name of the field → codes), e.g. { \"deaths\": [\"incident.deaths.negative\"] }."),
                ["errors"] = PerField("Messages per field (JSON name of the field → messages), e.g. { \"deaths\": [\"must be 0 or more\"] }."),
                ["traceId"] = Text("The trace id under which the server logged the request."),
            },
        };
    }
}
