using Beacon.Platform.Data;
using Npgsql;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>What Beacon adds to a PostgreSQL connection string, and that a setting the administrator wrote wins.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact]
    public void A_postgres_connection_string_gets_beacons_pool_limit_statement_preparation_and_no_reset_on_close()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(new DatabaseOptions
        {
            Provider = "Postgres",
            ConnectionString = "Host=db.example;Database=beacon;Username=beacon",
            PostgresMaxPoolSize = 17,
            PostgresMaxAutoPrepare = 33,
        }));

        Assert.Equal(17, cs.MaxPoolSize);
        Assert.Equal(33, cs.MaxAutoPrepare);
        Assert.True(cs.NoResetOnClose);
        Assert.Equal("db.example", cs.Host);
    }

    [Fact]
    public void Settings_named_in_the_postgres_connection_string_are_kept()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(new DatabaseOptions
        {
            Provider = "Postgres",
            ConnectionString = "Host=db.example;Maximum Pool Size=100;Max Auto Prepare=0;No Reset On Close=false",
        }));

        Assert.Equal(100, cs.MaxPoolSize);
        Assert.Equal(0, cs.MaxAutoPrepare);
        Assert.False(cs.NoResetOnClose);
    }
}
