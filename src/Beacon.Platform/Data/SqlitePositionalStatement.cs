using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Beacon.Platform.Data;

/// <summary>
/// One SQLite statement prepared on a context's open connection (so inside its transaction), its values bound by position
/// and run once per row. Microsoft.Data.Sqlite binds every parameter by name on every run: a UTF-8 copy of the name, a
/// look-up through the statement's parameter list and a parameter object per value. For the rows of a group commit that
/// was a fifth of the write lane's time (decision 0044). It binds only the value types of <see cref="Binds"/>, each stored
/// exactly as Microsoft.Data.Sqlite stores it (<c>PlainRowsTests</c> compares the two for every column of every plain table).
/// </summary>
internal sealed class SqlitePositionalStatement : IDisposable
{
    private readonly sqlite3 _connection;
    private readonly sqlite3_stmt _statement;

    /// <summary>A text's UTF-8 bytes, reused from value to value (SQLite copies what is bound).</summary>
    private byte[] _utf8 = new byte[512];

    private SqlitePositionalStatement(sqlite3 connection, sqlite3_stmt statement)
    {
        _connection = connection;
        _statement = statement;
    }

    /// <summary>Prepares <paramref name="sql"/> (parameters written <c>?1</c>, <c>?2</c> …) on <paramref name="db"/>'s open SQLite connection.</summary>
    public static SqlitePositionalStatement Prepare(BeaconDb db, string sql)
    {
        var connection = ((SqliteConnection)db.Database.GetDbConnection()).Handle
            ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(connection, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, connection);
        }

        return new SqlitePositionalStatement(connection, statement ?? throw new InvalidOperationException("SQLite prepared no statement."));
    }

    /// <summary>
    /// Whether a column whose values reach the database as <paramref name="providerType"/>, its parameter configured as
    /// <paramref name="configured"/>, is bound here as Microsoft.Data.Sqlite would bind it. Others go through a command.
    /// </summary>
    public static bool Binds(Type providerType, SqliteType configured)
    {
        var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
        if (type.IsEnum)
        {
            return false;
        }

        if (type == typeof(Guid))
        {
            return configured != SqliteType.Blob;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(decimal))
        {
            return configured != SqliteType.Real;
        }

        return type == typeof(string) || type == typeof(long) || type == typeof(int) || type == typeof(short)
            || type == typeof(byte) || type == typeof(bool) || type == typeof(double) || type == typeof(byte[]);
    }

    /// <summary>Binds <paramref name="value"/> (a provider value, converters applied) to parameter <paramref name="position"/> (from 1).</summary>
    public void Bind(int position, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, position),
            string text => BindText(position, text),
            long number => raw.sqlite3_bind_int64(_statement, position, number),
            int number => raw.sqlite3_bind_int64(_statement, position, number),
            short number => raw.sqlite3_bind_int64(_statement, position, number),
            byte number => raw.sqlite3_bind_int64(_statement, position, number),
            bool flag => raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
            double number when double.IsNaN(number) => throw new InvalidOperationException("Cannot store a NaN value in SQLite."),
            double number => raw.sqlite3_bind_double(_statement, position, number),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, position, bytes),
            Guid guid => BindGuid(position, guid),
            DateTimeOffset time => BindTime(position, time),
            DateTime time => raw.sqlite3_bind_text(_statement, position, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            DateOnly day => raw.sqlite3_bind_text(_statement, position, day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
            decimal number => raw.sqlite3_bind_text(_statement, position, number.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"{value.GetType().Name} values are not bound by position (SqlitePositionalStatement.Binds)."),
        };
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection);
        }
    }

    /// <summary>
    /// Binds a text as Microsoft.Data.Sqlite stores it (through SQLitePCL's <c>sqlite3_bind_text(stmt, i, string)</c>): UTF-8,
    /// lone surrogates replaced; a text of up to <see cref="WholeUpTo"/> characters and bytes with its NUL characters, a longer
    /// one up to its first NUL (SQLitePCL binds that as a NUL-terminated string). <c>PlainRowsTests</c> compares the bytes on
    /// both sides of the limit. Encoded into a buffer kept for the next value, not a new array per value (decision 0045).
    /// </summary>
    private int BindText(int position, ReadOnlySpan<char> text)
    {
        var most = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < most)
        {
            _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        }

        var length = System.Text.Encoding.UTF8.GetBytes(text, _utf8);
        if ((text.Length > WholeUpTo || length > WholeUpTo) && _utf8.AsSpan(0, length).IndexOf((byte)0) is >= 0 and var nul)
        {
            length = nul;
        }

        return raw.sqlite3_bind_text(_statement, position, _utf8.AsSpan(0, length));
    }

    /// <summary>SQLitePCL binds a text of up to this many characters and UTF-8 bytes with its length, a longer one NUL-terminated.</summary>
    private const int WholeUpTo = 512;

    /// <summary>A GUID as Microsoft.Data.Sqlite stores it: its 36 characters in upper case.</summary>
    private int BindGuid(int position, Guid guid)
    {
        Span<char> text = stackalloc char[36];
        guid.TryFormat(text, out var written);
        for (var i = 0; i < written; i++)
        {
            text[i] = char.ToUpperInvariant(text[i]);
        }

        return BindText(position, text[..written]);
    }

    /// <summary>A time with its offset as Microsoft.Data.Sqlite stores it.</summary>
    private int BindTime(int position, DateTimeOffset time)
    {
        // At most 33 characters ("yyyy-MM-dd HH:mm:ss.fffffff+hh:mm").
        Span<char> text = stackalloc char[48];
        time.TryFormat(text, out var written, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        return BindText(position, text[..written]);
    }

    /// <summary>Runs the statement with the values bound, to its end, and resets it for the next row; returns the rows it changed.</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _connection);
            }

            return raw.sqlite3_changes(_connection);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
