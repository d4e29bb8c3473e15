// The smallest ASP.NET Core app that answers the probe the benchmark polls, so the figures of Beacon can be
// read as a ratio to what the runtime itself costs on this machine.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/ready", () => Results.Ok());
await app.RunAsync();
