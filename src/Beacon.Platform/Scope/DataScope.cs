using System.Linq.Expressions;
using Beacon.Platform.Jurisdictions;

namespace Beacon.Platform.Scope;

/// <summary>
/// The jurisdictions an actor may see: its unit's jurisdiction and everything below it.
/// Every module filters its queries through <c>ScopeQueries.InScope</c> with this.
/// </summary>
public sealed class DataScope
{
    private readonly HashSet<Guid> _ids;

    public DataScope(Guid? rootId, IEnumerable<Guid> ids, bool everything)
    {
        RootJurisdictionId = rootId;
        _ids = [.. ids];
        IsEverything = everything;
    }

    /// <summary>Nothing is visible (anonymous or an account without a unit).</summary>
    public static DataScope Nothing { get; } = new(null, [], false);

    public Guid? RootJurisdictionId { get; }

    /// <summary>True for the region's own units: no filter is needed.</summary>
    public bool IsEverything { get; }

    public IReadOnlyCollection<Guid> JurisdictionIds => _ids;

    public bool Contains(Guid jurisdictionId) => IsEverything || _ids.Contains(jurisdictionId);

    public bool Contains(Guid? jurisdictionId) => jurisdictionId is { } id && Contains(id);
}

/// <summary>The one place where data scope becomes a query filter.</summary>
public static class ScopeQueries
{
    /// <summary>Keeps the rows whose jurisdiction (selected by <paramref name="jurisdictionOf"/>) is in scope.</summary>
    public static IQueryable<T> InScope<T>(
        this IQueryable<T> query, DataScope scope, Expression<Func<T, Guid>> jurisdictionOf)
    {
        if (scope.IsEverything)
        {
            return query;
        }

        var ids = scope.JurisdictionIds.ToList();
        Expression<Func<Guid, bool>> contains = id => ids.Contains(id);
        var body = new Replace(contains.Parameters[0], jurisdictionOf.Body).Visit(contains.Body)!;
        return query.Where(Expression.Lambda<Func<T, bool>>(body, jurisdictionOf.Parameters));
    }

    /// <summary>Same as the overload above for an optional jurisdiction; rows without one are hidden unless the scope is everything.</summary>
    public static IQueryable<T> InScope<T>(
        this IQueryable<T> query, DataScope scope, Expression<Func<T, Guid?>> jurisdictionOf)
    {
        if (scope.IsEverything)
        {
            return query;
        }

        var ids = scope.JurisdictionIds.Select(g => (Guid?)g).ToList();
        Expression<Func<Guid?, bool>> contains = id => ids.Contains(id);
        var body = new Replace(contains.Parameters[0], jurisdictionOf.Body).Visit(contains.Body)!;
        return query.Where(Expression.Lambda<Func<T, bool>>(body, jurisdictionOf.Parameters));
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>Computes the <see cref="DataScope"/> of the current actor from the jurisdiction tree.</summary>
public sealed class ScopeService(CurrentActor current, JurisdictionTree tree, Permissions.PermissionCheck permissions)
{
    public Actor Actor => current.Actor;

    /// <summary>
    /// The first line of every write handler: returns when the actor holds <paramref name="permission"/>,
    /// otherwise audits and throws <see cref="Permissions.PermissionDeniedException"/> (the API answers 403).
    /// </summary>
    public Task DemandAsync(Permissions.Permission permission, object? subject = null, CancellationToken ct = default) =>
        permissions.DemandAsync(permission, subject, ct);

    public async Task<DataScope> GetAsync(CancellationToken ct = default)
    {
        var actor = current.Actor;
        if (actor.JurisdictionId is not { } root)
        {
            return DataScope.Nothing;
        }

        var snapshot = await tree.GetAsync(ct);
        return snapshot.ScopeOf(root);
    }
}
