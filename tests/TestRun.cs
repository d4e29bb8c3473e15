// Compiled into every test project by tests/Directory.Build.props: the run ends its processes and PostgreSQL
// cluster before the test host exits (see Beacon.Testing.TestRunCleanup).
[assembly: Xunit.AssemblyFixture(typeof(Beacon.Testing.TestRunCleanup))]
