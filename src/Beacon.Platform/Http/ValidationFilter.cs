using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Http;

/// <summary>
/// Validates every request record (DataAnnotations) before the handler runs and answers 400 with the
/// JSON names of the offending fields. Applied once to the whole <c>/api/v1</c> group.
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is null || !IsRequestRecord(argument.GetType()))
            {
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(argument, new ValidationContext(argument), results, validateAllProperties: true))
            {
                errors ??= [];
                foreach (var r in results)
                {
                    foreach (var member in r.MemberNames.DefaultIfEmpty(""))
                    {
                        var name = JsonNamingPolicy.CamelCase.ConvertName(member);
                        errors[name] = [.. errors.GetValueOrDefault(name, []), r.ErrorMessage ?? "is invalid"];
                    }
                }
            }
        }

        return errors is null ? await next(context) : TypedResults.ValidationProblem(errors);
    }

    private static bool IsRequestRecord(Type type) =>
        type.Namespace?.StartsWith("Beacon.", StringComparison.Ordinal) == true
        && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null
        && !type.IsEnum;
}
