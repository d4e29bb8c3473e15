using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Http;

/// <summary>
/// One page of a list (decision 0004, "Lists and paging"): the rows of this page, how many rows match in all,
/// and the page number (1-based) and size that were used. <see cref="Total"/> counts every matching row, so a
/// client can tell when it has seen all of them; a page past the end has no items and the same total.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    /// <summary>Number of pages for <see cref="Total"/> rows (0 when nothing matches).</summary>
    [JsonIgnore]
    public int PageCount => Total == 0 ? 0 : (int)(((long)Total + PageSize - 1) / PageSize);

    /// <summary>Whether a page follows this one.</summary>
    [JsonIgnore]
    public bool HasNext => (long)Page * PageSize < Total;
}

/// <summary>Which page of a list to read: 1-based page number and rows per page, already checked.</summary>
public readonly record struct PageRequest
{
    /// <summary>A page request; out-of-range values are pulled into range (pages call this; the API refuses them first).</summary>
    public PageRequest(int page, int pageSize)
    {
        PageSize = Math.Clamp(pageSize, 1, Paging.MaxPageSize);
        Page = Math.Clamp(page, 1, Paging.MaxPage);
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>Rows before this page.</summary>
    public int Skip => (Page - 1) * PageSize;

    /// <summary>The first page at the default size.</summary>
    public static PageRequest First => new(1, Paging.DefaultPageSize);
}

/// <summary>
/// The one paging convention of every list endpoint and table (decision 0004, "Lists and paging"): query
/// <c>page</c> (1-based, default 1) and <c>pageSize</c> (default <see cref="DefaultPageSize"/>, at most
/// <see cref="MaxPageSize"/>), the answer <see cref="Paged{T}"/> <c>{ items, total, page, pageSize }</c> with a
/// <c>Link</c> header (rel="next"/"prev"), and a stable order supplied by each list (its natural key, then its id),
/// so consecutive pages never overlap or skip a row.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Largest page number accepted, so that the offset always fits an <see cref="int"/>.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    public const string PageInvalidCode = "paging.page.invalid";
    public const string PageSizeTooLargeCode = "paging.page-size.too-large";
    public const string PageSizeInvalidCode = "paging.page-size.invalid";

    /// <summary>
    /// Checks the query values: null means go ahead with <paramref name="request"/>; otherwise the 400 to answer,
    /// a ValidationProblem naming the parameter with a stable <c>code</c>.
    /// </summary>
    public static ValidationProblem? Check(int? page, int? pageSize, out PageRequest request)
    {
        request = default;
        if (page is < 1 or > MaxPage)
        {
            return Problem("page", PageInvalidCode, $"must be between 1 and {MaxPage}");
        }

        if (pageSize is > MaxPageSize)
        {
            return Problem("pageSize", PageSizeTooLargeCode, $"must be at most {MaxPageSize}");
        }

        if (pageSize is < 1)
        {
            return Problem("pageSize", PageSizeInvalidCode, "must be 1 or more");
        }

        request = new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
        return null;
    }

    /// <summary>
    /// The whole answer of a list endpoint: checks <paramref name="page"/> and <paramref name="pageSize"/>, reads the
    /// page, sets the <c>Link</c> header and answers 200 with <see cref="Paged{T}"/> (or 400 before reading anything).
    /// </summary>
    public static async Task<Results<Ok<Paged<T>>, ValidationProblem>> AnswerAsync<T>(
        HttpContext http, int? page, int? pageSize, Func<PageRequest, Task<Paged<T>>> read)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(read);
        if (Check(page, pageSize, out var request) is { } problem)
        {
            return problem;
        }

        var result = await read(request);
        SetLinks(http, result);
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Counts the rows of <paramref name="ordered"/> and reads one page of them. The query must already be in a
    /// total order (natural key, then id), or rows could repeat or go missing between pages.
    /// </summary>
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> ordered, PageRequest page, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var items = total <= page.Skip ? [] : await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Paged<T>(items, total, page.Page, page.PageSize);
    }

    /// <summary>The same over rows already in memory (lists computed from several queries), in their given order.</summary>
    public static Paged<T> ToPaged<T>(this IEnumerable<T> ordered, PageRequest page)
    {
        var all = ordered as IReadOnlyList<T> ?? [.. ordered];
        return new Paged<T>([.. all.Skip(page.Skip).Take(page.PageSize)], all.Count, page.Page, page.PageSize);
    }

    /// <summary>Converts the rows of a page (e.g. entities read from the database into views), keeping the counts.</summary>
    public static Paged<TOut> Select<TIn, TOut>(this Paged<TIn> page, Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Paged<TOut>([.. page.Items.Select(map)], page.Total, page.Page, page.PageSize);
    }

    /// <summary>Sets <c>Link: &lt;…&gt;; rel="prev", &lt;…&gt;; rel="next"</c> (RFC 8288) with the request's own filters.</summary>
    public static void SetLinks<T>(HttpContext http, Paged<T> page)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(page);
        var links = new List<string>();
        if (page.Page > 1 && page.Total > 0)
        {
            links.Add($"<{Url(http, Math.Min(page.Page - 1, Math.Max(page.PageCount, 1)), page.PageSize)}>; rel=\"prev\"");
        }

        if (page.HasNext)
        {
            links.Add($"<{Url(http, page.Page + 1, page.PageSize)}>; rel=\"next\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }
    }

    private static string Url(HttpContext http, int page, int pageSize)
    {
        var url = new StringBuilder(http.Request.PathBase + http.Request.Path);
        var first = true;
        foreach (var (key, values) in http.Request.Query)
        {
            if (key.Equals("page", StringComparison.OrdinalIgnoreCase) || key.Equals("pageSize", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                first = false;
            }
        }

        url.Append(first ? '?' : '&').Append("page=").Append(page.ToString(CultureInfo.InvariantCulture))
            .Append("&pageSize=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        return url.ToString();
    }

    private static ValidationProblem Problem(string field, string code, string reason) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [reason] },
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
