using System.Globalization;
using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Beacon.Platform.Audit;

/// <summary>
/// Words a module lends the audit trail page (审计日志), so it shows action names rather than codes: a resource
/// type whose zh-CN and en-US strings hold <c>Audit.Action.{code}</c> for the module's own audit codes and
/// <c>Audit.Entity.{kebab-case entity}</c> for its entities (the trail writes <c>{entity}.created|updated|deleted</c>).
/// Register one per module: <c>services.AddSingleton(new AuditVocabulary(typeof(XAuditResource)))</c>.
/// </summary>
public sealed record AuditVocabulary(Type Resource);

/// <summary>
/// Names the record an audit entry is about (its number and title, a unit's or a person's name), found by
/// convention in the EF model, so the kernel needs to know no module: an entity's <c>Number</c> followed by the
/// first of <c>Title</c>, <c>Headline</c>, <c>Name</c>, <c>DisplayName</c>, <c>FileName</c>.
/// </summary>
internal static class AuditSubjects
{
    private static readonly string[] TitleProperties = ["Title", "Headline", "Name", "DisplayName", "FileName"];

    public static async Task<IReadOnlyList<ListAudit.AuditRow>> NameAsync(BeaconDb db, IReadOnlyList<ListAudit.AuditRow> rows, CancellationToken ct)
    {
        var titles = new Dictionary<(string, string), string?>();
        foreach (var row in rows)
        {
            if (row.EntityType is not { } type || row.EntityId is not { } id || titles.ContainsKey((type, id)))
            {
                continue;
            }

            titles[(type, id)] = await TitleAsync(db, type, id, ct);
        }

        return [.. rows.Select(r => r.EntityType is { } t && r.EntityId is { } i && titles.GetValueOrDefault((t, i)) is { } title
            ? r with { Subject = title }
            : r)];
    }

    private static async Task<string?> TitleAsync(BeaconDb db, string typeName, string id, CancellationToken ct)
    {
        var entityType = db.Model.GetEntityTypes().FirstOrDefault(t => !t.IsOwned() && t.ClrType.Name == typeName && t.FindPrimaryKey() is { Properties.Count: 1 });
        if (entityType is null)
        {
            return null;
        }

        var number = entityType.FindProperty("Number");
        var title = TitleProperties.Select(entityType.FindProperty).FirstOrDefault(p => p is not null && p.ClrType == typeof(string));
        if (number is null && title is null)
        {
            return null;
        }

        var key = entityType.FindPrimaryKey()!.Properties[0];
        if (Parse(id, key) is not { } value)
        {
            return null;
        }

        var entity = await db.FindAsync(entityType.ClrType, [value], ct);
        if (entity is null)
        {
            return null;
        }

        var entry = db.Entry(entity);
        var parts = new[] { number, title }.Where(p => p is not null)
            .Select(p => Convert.ToString(entry.Property(p!.Name).CurrentValue, CultureInfo.InvariantCulture))
            .Where(s => !string.IsNullOrWhiteSpace(s));
        var text = string.Join(' ', parts);
        return text.Length == 0 ? null : text;
    }

    private static object? Parse(string id, IProperty key)
    {
        var type = Nullable.GetUnderlyingType(key.ClrType) ?? key.ClrType;
        if (type == typeof(Guid))
        {
            return Guid.TryParse(id, out var g) ? g : null;
        }

        if (type == typeof(long))
        {
            return long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;
        }

        if (type == typeof(int))
        {
            return int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        }

        return type == typeof(string) ? id : null;
    }
}
