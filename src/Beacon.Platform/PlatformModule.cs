using Beacon.Platform.Accounts;
using Beacon.Platform.Accounts.CreateAccount;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.Accounts.ListRoles;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Accounts.ResetPassword;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Accounts.UpdateAccount;
using Beacon.Platform.ApiTokens;
using Beacon.Platform.ApiTokens.CreateToken;
using Beacon.Platform.ApiTokens.ListTokens;
using Beacon.Platform.ApiTokens.RevokeToken;
using Beacon.Platform.Audit;
using Beacon.Platform.Audit.ListAudit;
using Beacon.Platform.Audit.VerifyAudit;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Jurisdictions.AddFunctionalArea;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Seeding;
using Beacon.Platform.Time;
using Beacon.Platform.Units.CreateUnit;
using Beacon.Platform.Units.ListUnits;
using Beacon.Platform.Units.MergeUnits;
using Beacon.Platform.Units.RetireUnit;
using Beacon.Platform.Units.UpdateUnit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Beacon.Platform;

/// <summary>The kernel's two doors: <see cref="AddBeaconPlatform"/> and <see cref="MapBeaconPlatform"/>.</summary>
public static class PlatformModule
{
    public const string AdministratorPolicy = "Administrator";

    /// <summary>
    /// Where the SQLite file and uploaded files live (<c>Beacon:DataFolder</c>, default <c>data</c>). A relative
    /// folder is taken from the repository root when running from source (the folder holding Beacon.slnx),
    /// otherwise from the working directory.
    /// </summary>
    public static string DataFolder(IConfiguration configuration)
    {
        var folder = configuration["Beacon:DataFolder"] is { Length: > 0 } f ? f : "data";
        if (Path.IsPathRooted(folder))
        {
            return folder;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx")))
            {
                return Path.Combine(dir.FullName, folder);
            }
        }

        return Path.GetFullPath(folder);
    }

    /// <summary>The kernel's services, with the model of <paramref name="modules"/> in the database (their services come from <see cref="ModuleRegistration.AddBeaconModules"/>).</summary>
    public static IServiceCollection AddBeaconPlatform(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<BeaconModule> modules)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));
        services.Configure<TimeOptions>(configuration.GetSection(TimeOptions.Section));
        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.Section));

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFolder = DataFolder(configuration);
        // EF Core logs through the application's logging (its warnings, and command logs when configured).
        // The audit chain's keys live outside the database (a key file in the data folder, or configuration): decision 0014.
        services.AddSingleton(sp => AuditKeyRing.Load(sp.GetRequiredService<IOptions<AuditOptions>>().Value, dataFolder));
        services.AddSingleton(sp => DatabaseSetup.Build(database, dataFolder, modules, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            sp.GetRequiredService<AuditKeyRing>()));
        services.AddSingleton<DbContextOptions>(sp => sp.GetRequiredService<DbContextOptions<BeaconDb>>());
        services.AddScoped<CurrentActor>();
        services.AddScoped<PendingIdempotency>();
        services.AddSingleton<ApiTokenCache>();
        services.AddScoped<BeaconDbFactory>();
        services.AddScoped<IDbContextFactory<BeaconDb>>(sp => sp.GetRequiredService<BeaconDbFactory>());
        services.AddScoped(sp => sp.GetRequiredService<BeaconDbFactory>().CreateDbContext());
        services.AddSingleton<JurisdictionTree>();
        services.AddSingleton<Units.DutyRooms>();
        services.AddScoped<ScopeService>();
        services.AddPermissionCheck().AddPermissions(typeof(PlatformPermissions));
        services.Configure<PermissionOptions>(configuration.GetSection(PermissionOptions.Section));
        services.AddSingleton<BeijingTime>();
        services.AddSingleton<Workbench.WorkbenchSignal>();
        services.AddSingleton<IntegrationEvents>();
        services.AddSingleton<ProblemText>();
        services.AddSingleton<People>();

        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
        services.AddHostedService<StartupMemoryTrim>();
        // The keys are stored in the database, each encrypted under a key file kept outside it (decision 0023). The file is
        // read when Data Protection first needs its key ring, not at start-up.
        services.Configure<KeyEncryptionOptions>(configuration.GetSection(KeyEncryptionOptions.Section));
        services.AddSingleton(sp => KeyEncryptionKey.Load(sp.GetRequiredService<IOptions<KeyEncryptionOptions>>().Value, dataFolder));
        services.AddDataProtection().SetApplicationName("Beacon").PersistKeysToDbContext<BeaconDb>();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
                o.XmlEncryptor = new KeyFileXmlEncryptor(sp.GetRequiredService<KeyEncryptionKey>())));

        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddIdentityCore<BeaconUser>(o =>
            {
                o.Password.RequiredLength = security.MinPasswordLength;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddRoles<BeaconRole>()
            .AddEntityFrameworkStores<BeaconDb>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Beacon";
                o.DefaultChallengeScheme = "Beacon";
            })
            .AddPolicyScheme("Beacon", "Cookie or API token", o => o.ForwardDefaultSelector = http =>
                ApiTokenHandler.SecretOf(http.Request, http.RequestServices.GetRequiredService<IOptions<ApiTokenQueryOptions>>().Value) is not null
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "Beacon.Session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = security.IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = "/account/signin";
                o.LogoutPath = "/account/signout";
                o.AccessDeniedPath = "/account/denied";
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = SessionValidation.ValidateAsync,
                };
            })
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, o =>
            {
                o.Cookie.Name = "Beacon.TwoFactor";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdministratorPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));

        services.AddHostedService<IdempotencyCleanup>();
        services.AddHostedService<AuditSealer>();
        services.AddHostedService<SqliteCheckpointer>();
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommit>());
        services.AddScoped<SignInService>();
        services.AddScoped<PasswordPolicy>();
        services.AddScoped<Seeder>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Answers written by the framework itself (no body of ours) still name what was wrong.
            if (ctx.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && !ctx.ProblemDetails.Extensions.ContainsKey("errors"))
            {
                ctx.ProblemDetails.Detail ??= "The body must be JSON (Content-Type: application/json).";
                ctx.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = ["must be application/json"] };
                ctx.ProblemDetails.Extensions[ApiResults.CodesKey] = new Dictionary<string, string[]> { ["Content-Type"] = [PlatformErrors.ContentTypeUnsupported] };
            }

            // Every problem carries a stable code; the framework's own answers get one from their status.
            ctx.ProblemDetails.Extensions.TryAdd(ApiResults.CodeKey, ProblemText.CodeOfStatus(ctx.ProblemDetails.Status));
        });
        services.AddExceptionHandler<Permissions.PermissionDeniedExceptionHandler>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o =>
            o.AddDocumentTransformer<OpenApiConventions>().AddOperationTransformer<OpenApiConventions>());
        // Input hygiene: every string of every JSON body is checked for control characters as it is read.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new ControlCharacterJsonConverter()));
        // Only defined enumeration values (ahead of the host's string-enum converter): "kind": 42 is a 400, not a row.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Insert(0, new DefinedEnumJsonConverter()));
        services.AddSourceLimits(configuration);

        services.AddScoped<ListJurisdictionsHandler>();
        services.AddScoped<AddFunctionalAreaHandler>();
        services.AddScoped<ListUnitsHandler>();
        services.AddScoped<CreateUnitHandler>();
        services.AddScoped<UpdateUnitHandler>();
        services.AddScoped<RetireUnitHandler>();
        services.AddScoped<MergeUnitsHandler>();
        services.AddScoped<ListAccountsHandler>();
        services.AddScoped<CreateAccountHandler>();
        services.AddScoped<UpdateAccountHandler>();
        services.AddScoped<ResetPasswordHandler>();
        services.AddScoped<ListRolesHandler>();
        services.AddScoped<MeHandler>();
        services.AddScoped<Accounts.OwnAccount.OwnAccountHandler>();
        services.AddScoped<Accounts.RecoveryCodes.RecoveryCodesHandler>();
        services.AddScoped<Workbench.WorkbenchHandler>();
        services.AddScoped<ListTokensHandler>();
        services.AddScoped<CreateTokenHandler>();
        services.AddScoped<RevokeTokenHandler>();
        services.AddScoped<ListAuditHandler>();
        services.AddScoped<VerifyAuditHandler>();

        services.AddSingleton(new MenuEntry("admin", "Menu.Units", "admin/units", "apartment", 900, Roles.Administrator));
        services.AddSingleton(new MenuEntry("admin", "Menu.Accounts", "admin/accounts", "user", 910, Roles.Administrator));
        services.AddSingleton(new MenuEntry("admin", "Menu.Roles", "admin/roles", "safety-certificate", 920, Roles.Administrator));
        services.AddSingleton(new MenuEntry("admin", "Menu.Tokens", "admin/tokens", "key", 930, Roles.Administrator));
        services.AddSingleton(new MenuEntry("admin", "Menu.Audit", "admin/audit", "audit", 940, Roles.Administrator));
        services.AddSingleton(new MenuEntry("main", "Menu.Directory", "directory", "phone", 100));
        return services;
    }

    /// <summary>Authentication, the actor of the request, authorization and Idempotency-Key handling.</summary>
    public static IApplicationBuilder UseBeaconPlatform(this IApplicationBuilder app)
    {
        var maxBody = app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue<long?>("Beacon:Http:MaxRequestBodyBytes") ?? 1024 * 1024;
        // The client's address from trusted proxies only, then the limits per source (decision 0015).
        app.UseSourceLimits();
        app.Use(async (http, next) =>
        {
            // Kestrel enforces the same limit on chunked bodies; a declared length over it is refused before reading.
            // An endpoint may carry its own limit (an upload); routing has already given it to Kestrel.
            var own = http.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>();
            var limit = own?.MaxRequestBodySize ?? maxBody;
            if (http.Request.ContentLength > limit)
            {
                await ApiResults.TooLarge(limit, own?.Field ?? "body").ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            http.RequestServices.GetRequiredService<CurrentActor>()
                .Set(Actor.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString()));
            await next(http);
        });
        app.Use(PasswordChangeGate.CheckAsync);
        app.UseAuthorization();
        app.UseMiddleware<InputHygieneMiddleware>();
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }

    /// <summary>
    /// A module's API group under <c>/api/v1</c>: signed-in callers only, request records validated before the
    /// handler runs. Every module maps its endpoints on this, so the rules hold everywhere.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1").AddEndpointFilter<ValidationFilter>().RequireAuthorization();

    /// <summary>The kernel's API under <c>/api/v1</c>.</summary>
    public static RouteGroupBuilder MapBeaconPlatform(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        var admin = api.MapGroup("").RequireAuthorization(AdministratorPolicy);

        MeEndpoint.Map(api);
        Accounts.OwnAccount.OwnAccountEndpoints.Map(api);
        Accounts.RecoveryCodes.RecoveryCodesEndpoints.Map(api);
        Workbench.WorkbenchEndpoint.Map(api);
        ListJurisdictionsEndpoint.Map(api);
        ListUnitsEndpoint.Map(api);
        AddFunctionalAreaEndpoint.Map(admin);
        CreateUnitEndpoint.Map(admin);
        UpdateUnitEndpoint.Map(admin);
        RetireUnitEndpoint.Map(admin);
        MergeUnitsEndpoint.Map(admin);
        ListAccountsEndpoint.Map(admin);
        CreateAccountEndpoint.Map(admin);
        UpdateAccountEndpoint.Map(admin);
        ResetPasswordEndpoint.Map(admin);
        ListRolesEndpoint.Map(admin);
        ListTokensEndpoint.Map(admin);
        CreateTokenEndpoint.Map(admin);
        RevokeTokenEndpoint.Map(admin);
        ListAuditEndpoint.Map(admin);
        VerifyAuditEndpoint.Map(admin);
        return api;
    }

    /// <summary>Applies migrations (when configured) and seeds; returns the initial administrator's one-time password.</summary>
    public static async Task<string?> PrepareDatabaseAsync(IServiceProvider services, bool migrate, bool demo, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        if (migrate)
        {
            await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
            await db.Database.MigrateAsync(ct);
        }

        var password = await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(demo, ct);
        foreach (var module in scope.ServiceProvider.GetServices<IModuleSeed>())
        {
            await module.SeedAsync(demo, ct);
        }

        return password;
    }

    /// <summary>Demo accounts: in Development by default, elsewhere with <c>Beacon:Demo=true</c>, never in Production.</summary>
    public static bool IsDemo(IConfiguration configuration, IHostEnvironment environment) =>
        !environment.IsProduction() && (configuration.GetValue<bool?>("Beacon:Demo") ?? environment.IsDevelopment());

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || ctx.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
