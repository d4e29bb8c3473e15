using Beacon.Platform.Http;

namespace Beacon.Testing;

/// <summary>Reads a paged list endpoint (decision 0004, "Lists and paging") the way an integrator would: page after page.</summary>
public static class PagedLists
{
    /// <summary>
    /// Every row of <paramref name="url"/> (which may carry its own filters), following pages of the largest size until
    /// the total is reached, so a test that looks for a row (or its absence) never looks at one page only.
    /// </summary>
    public static async Task<List<T>> GetAllPagesAsync<T>(this HttpClient client, string url, CancellationToken ct = default)
    {
        var all = new List<T>();
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 1; ; page++)
        {
            using var response = await client.GetAsync($"{url}{separator}page={page}&pageSize={Paging.MaxPageSize}", ct);
            response.EnsureSuccessStatusCode();
            var paged = await response.ReadAsync<Paged<T>>();
            all.AddRange(paged.Items);
            if ((long)page * paged.PageSize >= paged.Total)
            {
                return all;
            }
        }
    }
}
