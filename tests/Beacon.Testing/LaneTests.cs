namespace Beacon.Testing;

/// <summary>
/// Each scenario class is abstract over the database and runs twice: on SQLite and on PostgreSQL
/// (skipped with its reason when the PostgreSQL lane cannot run and BEACON_TEST_POSTGRES is not required).
/// </summary>
public abstract class LaneTests(BeaconFactory beacon)
{
    protected BeaconFactory Beacon
    {
        get
        {
            beacon.SkipIfUnavailable();
            return beacon;
        }
    }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
}
