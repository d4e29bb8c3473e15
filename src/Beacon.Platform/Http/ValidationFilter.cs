using System.Collections.Concurrent;
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
    /// <summary>What to check per request type, found once by reflection (null: not a request record).</summary>
    private static readonly ConcurrentDictionary<Type, Plan?> Plans = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        List<FieldError>? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is null || Plans.GetOrAdd(argument.GetType(), PlanOf) is not { } plan)
            {
                continue;
            }

            foreach (var (r, code) in plan.Validate(argument))
            {
                errors ??= [];
                foreach (var member in r.MemberNames.DefaultIfEmpty(""))
                {
                    errors.Add(new FieldError(JsonNamingPolicy.CamelCase.ConvertName(member), code, r.ErrorMessage ?? "is invalid"));
                }
            }
        }

        return errors is null ? await next(context) : ApiResults.Invalid(errors);
    }

    /// <summary>
    /// Checks <paramref name="instance"/> as the filter checks a request (for records nested in a request, which the filter
    /// does not walk): each failure as the camelCase field after <paramref name="prefix"/>, with the code of its rule.
    /// </summary>
    public static List<FieldError> Check(object instance, string prefix = "")
    {
        var errors = new List<FieldError>();
        if (Plans.GetOrAdd(instance.GetType(), PlanOf) is not { } plan)
        {
            return errors;
        }

        foreach (var (r, code) in plan.Validate(instance))
        {
            foreach (var member in r.MemberNames.DefaultIfEmpty(""))
            {
                errors.Add(new FieldError(prefix + JsonNamingPolicy.CamelCase.ConvertName(member), code, r.ErrorMessage ?? "is invalid"));
            }
        }

        return errors;
    }

    /// <summary>The stable code of a DataAnnotations rule, by its kind (<c>validation.required</c>, <c>validation.length</c> …).</summary>
    public static string CodeOf(ValidationAttribute? rule) => rule switch
    {
        RequiredAttribute => PlatformErrors.ValidationRequired,
        StringLengthAttribute or MaxLengthAttribute or LengthAttribute => PlatformErrors.ValidationLength,
        MinLengthAttribute => PlatformErrors.ValidationAtLeastOne,
        RangeAttribute => PlatformErrors.ValidationRange,
        null => PlatformErrors.ValidationInvalid,
        _ => PlatformErrors.ValidationFormat,
    };

    private static Plan? PlanOf(Type type) =>
        type.Namespace?.StartsWith("Beacon.", StringComparison.Ordinal) == true
        && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null
        && !type.IsEnum
            ? new Plan(
                [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
                    .Select(p => (p, Attributes: p.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray()))
                    .Where(x => x.Attributes.Length > 0)
                    .Select(x => new PropertyPlan(x.p, x.Attributes.OfType<RequiredAttribute>().FirstOrDefault(),
                        [.. x.Attributes.Where(a => a is not RequiredAttribute)]))],
                type.GetCustomAttributes<ValidationAttribute>(inherit: true).Any() || typeof(IValidatableObject).IsAssignableFrom(type))
            : null;

    private sealed record PropertyPlan(PropertyInfo Property, RequiredAttribute? Required, ValidationAttribute[] Others);

    /// <summary>
    /// The same checks as <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}, bool)"/>
    /// with all properties: per property "required" first and, if that holds, its other attributes; a type with rules of
    /// its own (type attributes, <see cref="IValidatableObject"/>) goes to the validator itself once its properties are valid.
    /// </summary>
    private sealed record Plan(PropertyPlan[] Properties, bool HasTypeRules)
    {
        public List<(ValidationResult Result, string Code)> Validate(object instance)
        {
            var results = new List<(ValidationResult, string)>();
            var context = new ValidationContext(instance);
            foreach (var p in Properties)
            {
                var value = p.Property.GetValue(instance);
                context.MemberName = p.Property.Name;
                context.DisplayName = p.Property.Name;
                if (p.Required?.GetValidationResult(value, context) is { } missing)
                {
                    results.Add((missing, PlatformErrors.ValidationRequired));
                    continue;
                }

                foreach (var attribute in p.Others)
                {
                    if (attribute.GetValidationResult(value, context) is { } failed)
                    {
                        results.Add((failed, CodeOf(attribute)));
                    }
                }
            }

            if (results.Count == 0 && HasTypeRules)
            {
                var own = new List<ValidationResult>();
                Validator.TryValidateObject(instance, new ValidationContext(instance), own, validateAllProperties: false);
                results.AddRange(own.Select(r => (r, PlatformErrors.ValidationInvalid)));
            }

            return results;
        }
    }
}
