using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace Beacon.Platform.Http;

/// <summary>One refused cell of an import: the row number as Excel shows it (the header is row 1), the column's header, why.</summary>
public sealed record WorkbookRowError(int Row, string Column, string Code, string Reason);

/// <summary>
/// Excel workbooks as offices exchange them (templates, exports, all-or-nothing imports): one sheet, the first row holds
/// the column headers in Chinese. Modules build their columns; this reads an upload, writes a sheet and words a refusal.
/// </summary>
public static class Workbooks
{
    /// <summary>The most rows one import takes.</summary>
    public const int MaxRows = 10_000;

    /// <summary>A sheet of <paramref name="rows"/> (each a header → value map, in column order), text made safe for XML.</summary>
    public static byte[] ToXlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        var clean = rows.Select(r => r.ToDictionary(c => c.Key, c => c.Value is string s ? TextHygiene.ForXml(s) : c.Value)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(clean);
        return stream.ToArray();
    }

    /// <summary>An empty sheet with just the headers (for an export with no rows).</summary>
    public static Dictionary<string, object?> EmptyRow(IEnumerable<string> columns) => columns.ToDictionary(c => c, _ => (object?)null);

    /// <summary>
    /// The rows of the workbook uploaded as multipart/form-data in the field <c>file</c>, or the 400 that says why there
    /// are none (not multipart, no file, not a workbook, no rows, more than <see cref="MaxRows"/>), coded <paramref name="code"/>.
    /// </summary>
    public static async Task<(List<IDictionary<string, object?>>? Rows, IResult? Refusal)> ReadUploadAsync(HttpRequest request, string code, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, ApiResults.Invalid("file", code, "send the workbook as multipart/form-data in the field 'file'"));
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file)
        {
            return (null, ApiResults.Invalid("file", code, "is required"));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return Read(buffer, code);
    }

    /// <summary>The rows of <paramref name="workbook"/> by header, or the 400 that says why there are none.</summary>
    public static (List<IDictionary<string, object?>>? Rows, IResult? Refusal) Read(Stream workbook, string code)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = [.. workbook.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()];
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException or IOException
            or System.Xml.XmlException or FormatException or IndexOutOfRangeException or KeyNotFoundException)
        {
            return (null, ApiResults.Invalid("file", code, "is not an Excel workbook (.xlsx)"));
        }

        if (rows.Count == 0 || rows.Count > MaxRows)
        {
            return (null, ApiResults.Invalid("file", code, rows.Count == 0 ? "has no rows" : $"has more than {MaxRows} rows"));
        }

        // What the JSON edge refuses, a cell may not carry either: every import is checked here, once.
        var refused = rows.SelectMany((row, i) => row.Where(c => c.Value is string text && TextHygiene.HasRefused(text))
            .Select(c => new WorkbookRowError(i + 2, c.Key, TextHygiene.Code, TextHygiene.Reason))).ToList();
        return refused.Count > 0 ? (null, Refuse(refused, TextHygiene.Code)) : (rows, null);
    }

    /// <summary>The file a page's upload control holds, read into memory (at most 20 MB), ready for <see cref="Read"/>.</summary>
    public static async Task<MemoryStream> BufferAsync(Microsoft.AspNetCore.Components.Forms.IBrowserFile file)
    {
        var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(20 * 1024 * 1024))
        {
            await stream.CopyToAsync(buffer);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>A cell as trimmed text ("" when the column is missing or empty).</summary>
    public static string Text(IDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";

    /// <summary>
    /// The 400 for an import with bad rows, which stored nothing: the first bad cell in the detail, up to fifty as field
    /// errors named "row N, column C", and all of them in <c>rows</c>.
    /// </summary>
    public static IResult Refuse(IReadOnlyList<WorkbookRowError> errors, string code)
    {
        var first = errors[0];
        var refusal = (ProblemHttpResult)ApiResults.Problem(StatusCodes.Status400BadRequest,
            "One or more rows are invalid; nothing was imported.", code, $"row {first.Row}, column {first.Column}: {first.Reason}",
            errors.Take(50).Select(e => new FieldError($"row {e.Row}, column {e.Column}", e.Code, e.Reason)));
        refusal.ProblemDetails.Extensions["rows"] = errors;
        return refusal;
    }
}
