using Beacon.Platform.ApiTokens;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Testing;

public partial class BeaconFactory
{
    /// <summary>A new API token of the duty room of <paramref name="jurisdictionCode"/>; returns the secret.</summary>
    public async Task<string> CreateTokenAsync(string jurisdictionCode, params string[] roles)
    {
        await using var db = Db();
        var unit = await db.Units.Where(u => u.Jurisdiction!.Code == jurisdictionCode && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .Select(u => u.Id).FirstAsync();
        var secret = ApiToken.NewSecret();
        db.ApiTokens.Add(new ApiToken
        {
            Name = $"test {jurisdictionCode} {Guid.NewGuid():N}"[..40],
            UnitId = unit,
            Roles = string.Join(',', roles),
            SecretHash = ApiToken.Hash(secret),
            Hint = secret[..8],
            CreatedAt = Clock.GetUtcNow(),
            ExpiresAt = Clock.GetUtcNow().AddDays(30),
        });
        await db.SaveChangesAsync();
        return secret;
    }

    /// <summary>
    /// A duty-board hub connection (not started) over a WebSocket to the in-process server, with the API token as
    /// the <c>access_token</c> query parameter the way a browser sends it; none when <paramref name="secret"/> is null.
    /// </summary>
    public HubConnection DutyBoardConnection(string? secret) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/duty-board"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var uri = secret is null
                        ? context.Uri
                        : new UriBuilder(context.Uri) { Query = "access_token=" + Uri.EscapeDataString(secret) }.Uri;
                    return await Server.CreateWebSocketClient().ConnectAsync(uri, ct);
                };
            })
            .Build();
}
