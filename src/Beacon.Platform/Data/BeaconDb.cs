using System.Globalization;
using System.Text.Json;
using Beacon.Platform.Accounts;
using Beacon.Platform.ApiTokens;
using Beacon.Platform.Audit;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Beacon.Platform.Data;

/// <summary>
/// The one database of Beacon. Every save records its changes in the audit trail within the same
/// transaction, so nothing is written without a trace.
/// </summary>
public sealed class BeaconDb(DbContextOptions<BeaconDb> options, Actor actor, TimeProvider clock)
    : IdentityDbContext<BeaconUser, BeaconRole, Guid>(options), IDataProtectionKeyContext
{
    private static readonly HashSet<string> SecretProperties =
    [
        nameof(BeaconUser.PasswordHash), nameof(BeaconUser.SecurityStamp), nameof(BeaconUser.ConcurrencyStamp),
        nameof(BeaconUser.ProtectedTotpSecret), nameof(ApiToken.SecretHash), nameof(IdentityUserToken<Guid>.Value),
    ];

    /// <summary>Sign-in bookkeeping: recorded as sign-in events, not as account changes.</summary>
    private static readonly HashSet<string> BookkeepingProperties =
    [
        nameof(BeaconUser.FailedSignIns), nameof(BeaconUser.SignInBlockedUntil), nameof(BeaconUser.LastSignInAt),
        nameof(BeaconUser.LastTotpStep), nameof(ApiToken.LastUsedAt), nameof(BeaconUser.AccessFailedCount),
        nameof(BeaconUser.ConcurrencyStamp),
    ];

    private readonly List<AuditEntry> _explicitAudit = [];
    private AuditKeyRing? _auditKeys;
    private readonly List<SaveStep> _beforeSave = [];

    /// <summary>Entities staged for another actor than the context's (<see cref="StageAs"/>, a group commit).</summary>
    private Dictionary<object, Actor>? _stagedFor;

    public Actor Actor { get; } = actor;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The audit chain's keys (decision 0014), carried by the options.</summary>
    public AuditKeyRing AuditKeys => _auditKeys ??=
        Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>(this)
            .FindExtension<AuditKeysExtension>()?.Keys ?? AuditKeyRing.Ephemeral;

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<UnitNameChange> UnitNameChanges => Set<UnitNameChange>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditHead => Set<AuditChainHead>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Whether this context is on SQLite, from the options it was made with (<see cref="DbTarget"/>: found once per options
    /// instance), kept: asked for on every statement of a save, it resolved the options from the context's services each
    /// time, under a lock the lanes and the requests contended for.
    /// </summary>
    public bool IsSqlite { get; } = DbTarget.Of(options).Sqlite;

    /// <summary>The request's <c>Idempotency-Key</c>, stored by the first save that changes anything.</summary>
    internal PendingIdempotency? Idempotency { get; init; }

    /// <summary>
    /// Adds a semantic event (sign-in, merge, revoke …) to the audit trail; it is written with the next save.
    /// </summary>
    public void Audit(string action, string? entityType = null, string? entityId = null,
        object? summary = null, string outcome = AuditOutcome.Success, Actor? actingAs = null)
    {
        var who = actingAs ?? Actor;
        _explicitAudit.Add(NewEntry(who, action, entityType, entityId,
            summary is null ? "{}" : summary as string ?? JsonSerializer.Serialize(summary, JsonOptions), outcome));
    }

    /// <summary>
    /// Only for framework stores that save synchronously and write nothing audited (data-protection keys);
    /// every audited write goes through <see cref="SaveChangesAsync(bool, CancellationToken)"/>.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (CaptureChanges().Count > 0 || _explicitAudit.Count > 0)
        {
            throw new NotSupportedException("Use SaveChangesAsync: saves are audited within a transaction.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Runs <paramref name="step"/> inside the saving transaction of the next <see cref="SaveChangesAsync(bool, CancellationToken)"/>,
    /// before the changes are captured for the audit trail (e.g. taking the next number from a counter row, so
    /// concurrent saves cannot take the same one and a rollback gives it back).
    /// </summary>
    public void BeforeSave(Func<BeaconDb, CancellationToken, Task> step) => _beforeSave.Add(new SaveStep(step, null, Barrier: true));

    /// <summary>
    /// Runs <paramref name="statement"/> inside the saving transaction, in its place among the other
    /// <see cref="BeforeSave(Func{BeaconDb, CancellationToken, Task})"/> steps, and gives its
    /// <see cref="SaveStatement.CheckRows"/> the number of rows it changed (which throws to fail the save). Statements that
    /// follow each other — in a group commit's batch, those of many writes — are sent together: on PostgreSQL one round trip
    /// for all of them, run in order in the transaction, so each still sees the ones before it (decision 0042).
    /// </summary>
    public void BeforeSave(SaveStatement statement) => _beforeSave.Add(new SaveStep(null, statement, Barrier: false));

    /// <summary>
    /// A step that reads and sets only what is in memory (an answer rendered from what earlier steps set), never the
    /// database: statements queued before it need not have run yet, so they keep going out together.
    /// </summary>
    internal void BeforeSaveInMemory(Action step) => _beforeSave.Add(new SaveStep((_, _) =>
    {
        step();
        return Task.CompletedTask;
    }, null, Barrier: false));

    /// <summary>
    /// Runs <paramref name="stage"/>, which adds entities to this context, and records them as <paramref name="actor"/>'s
    /// changes in the audit trail: one context (a <see cref="GroupCommit"/> batch) saves the writes of several requests.
    /// </summary>
    internal void StageAs(Actor actor, Action<BeaconDb> stage)
    {
        var stagedFor = _stagedFor ??= new Dictionary<object, Actor>(ReferenceEqualityComparer.Instance);
        void Track(object? sender, EntityTrackedEventArgs e) => stagedFor[e.Entry.Entity] = actor;
        ChangeTracker.Tracked += Track;
        try
        {
            stage(this);
        }
        finally
        {
            ChangeTracker.Tracked -= Track;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var ownTransaction = Database.CurrentTransaction is null;
        // SQLite has one writer per file. Writers queue here, asynchronously, instead of in SQLite's busy handler,
        // which sleeps on (and so starves) thread-pool threads and retries in up to 100 ms steps.
        var gate = ownTransaction && IsSqlite ? SqliteWriteGate.For(Database.GetConnectionString()) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        var key = Idempotency is { Record: { } record, Written: false } && ChangeTracker.HasChanges() ? record : null;
        if (key is not null)
        {
            IdempotencyRecords.Add(key);
        }

        try
        {
            if (_beforeSave.Count == 0 && _explicitAudit.Count == 0 && !HasAuditedChanges())
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                Idempotency?.Written |= key is not null;
                return saved;
            }

            await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
            await RunStepsAsync(cancellationToken);
            var entries = CaptureChanges();
            entries.AddRange(_explicitAudit);
            // The audit rows go in the same transaction as the change they record (as plain SQL: they are half the rows
            // of a save). Where writers take turns anyway (SQLite, a group commit's lane) they are sealed into the chain
            // right here; elsewhere the sealer chains them moments later, so concurrent writers never queue for the
            // chain's head (decisions 0007, 0010). A failed save leaves nothing behind: a retry captures and seals again.
            int written;
            var sealedAndInserted = false;
            if (_stagedFor is not null && PlainInserts() is { } plain)
            {
                // A group commit of new rows only: as plain SQL. On PostgreSQL the rows, the chain head and the audit rows
                // take two round trips when they fit in statements (decision 0042), or COPY for many rows.
                sealedAndInserted = await AuditChain.InsertAndSealAsync(this, plain, entries, cancellationToken);
                if (!sealedAndInserted)
                {
                    await PlainRows.InsertAsync(this, plain, cancellationToken);
                }

                written = plain.Sum(g => g.Rows.Count);
                if (acceptAllChangesOnSuccess)
                {
                    ChangeTracker.AcceptAllChanges();
                }
            }
            else
            {
                written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            if (!sealedAndInserted)
            {
                // Sealed last, so the chain head's lock is held only for the audit rows and the commit.
                if (IsSqlite || _stagedFor is not null)
                {
                    await AuditChain.SealNewAsync(this, entries, cancellationToken);
                }

                await PlainRows.InsertAsync(this, entries, cancellationToken);
            }

            if (tx is not null)
            {
                await tx.CommitAsync(cancellationToken);
            }

            _explicitAudit.Clear();
            Idempotency?.Written |= key is not null;
            return written;
        }
        catch when (key is not null)
        {
            Entry(key).State = EntityState.Detached;
            throw;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Runs the steps in order; statements are held back until a step that may touch the database (or the end), then sent
    /// together (<see cref="PlainCommands.RunAsync"/>) and their row counts checked in order.
    /// </summary>
    private async Task RunStepsAsync(CancellationToken ct)
    {
        var statements = new List<SaveStatement>();
        foreach (var step in _beforeSave)
        {
            if (step.Statement is { } statement)
            {
                statements.Add(statement);
                continue;
            }

            if (step.Barrier && statements.Count > 0)
            {
                await this.RunAsync(statements, ct);
                statements.Clear();
            }

            await step.Run!(this, ct);
        }

        if (statements.Count > 0)
        {
            await this.RunAsync(statements, ct);
        }

        _beforeSave.Clear();
    }

    /// <summary>One step before the save: code (<see cref="Run"/>, a barrier for statements when it may touch the database) or a statement.</summary>
    private sealed record SaveStep(Func<BeaconDb, CancellationToken, Task>? Run, SaveStatement? Statement, bool Barrier);

    /// <summary>
    /// A group commit's rows, when all of them are new and plain (<see cref="PlainRows.CanInsert"/>): grouped by entity
    /// type, principals before their dependents, each group in the order it was staged. Null when EF must save them.
    /// </summary>
    private List<(Type Type, IReadOnlyList<object> Rows)>? PlainInserts()
    {
        var groups = new Dictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, List<object>>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                continue;
            }

            if (entry.State != EntityState.Added || !PlainRows.CanInsert(this, entry.Metadata.ClrType))
            {
                return null;
            }

            if (!groups.TryGetValue(entry.Metadata, out var rows))
            {
                groups[entry.Metadata] = rows = [];
            }

            rows.Add(entry.Entity);
        }

        // Principals first: a type's depth is one more than the deepest principal it refers to among the types saved.
        var depth = new Dictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, int>();
        int Depth(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, int guard)
        {
            if (depth.TryGetValue(type, out var known))
            {
                return known;
            }

            var principals = type.GetForeignKeys().Select(f => f.PrincipalEntityType).Where(p => p != type && groups.ContainsKey(p)).ToList();
            var d = guard > groups.Count || principals.Count == 0 ? 0 : principals.Max(p => Depth(p, guard + 1)) + 1;
            depth[type] = d;
            return d;
        }

        return [.. groups.OrderBy(g => Depth(g.Key, 0)).Select(g => (g.Key.ClrType, (IReadOnlyList<object>)g.Value))];
    }

    /// <summary>
    /// Runs a set-based write that bypasses <see cref="SaveChangesAsync(bool, CancellationToken)"/> (bulk inserts,
    /// <c>ExecuteUpdate</c> in a transaction of its own) behind the same SQLite write gate, so it queues with the other
    /// writers of this process instead of in SQLite's busy handler. Such writes are not audited: keep them to
    /// operational records (deliveries, queues).
    /// </summary>
    public async Task WriteAsync(Func<CancellationToken, Task> write, CancellationToken ct)
    {
        var gate = IsSqlite && Database.CurrentTransaction is null ? SqliteWriteGate.For(Database.GetConnectionString()) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }

        try
        {
            await write(ct);
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Saves the answers kept for <c>Idempotency-Key</c>s after the changes themselves have committed, in a transaction of
    /// their own. On PostgreSQL without waiting for the flush: the change's own commit was durable, and if an answer is
    /// lost a retry gets 409 instead of a second record.
    /// </summary>
    internal Task SaveAnswersAsync(IReadOnlyList<IdempotencyRecord> answered, CancellationToken ct) => WriteAsync(async token =>
    {
        await using var tx = await Database.BeginTransactionAsync(token);
        if (!IsSqlite)
        {
            await Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit TO OFF", token);
        }

        await UpdateAnswersAsync(answered, token);
        await tx.CommitAsync(token);
    }, ct);

    /// <summary>Stores the answers kept for <c>Idempotency-Key</c>s in the current transaction.</summary>
    internal Task UpdateAnswersAsync(IReadOnlyList<IdempotencyRecord> answered, CancellationToken ct) =>
        PlainRows.UpdateAsync(this, answered, AnswerColumns, ct);

    private static readonly string[] AnswerColumns =
    [
        nameof(IdempotencyRecord.StatusCode), nameof(IdempotencyRecord.ContentType), nameof(IdempotencyRecord.Location),
        nameof(IdempotencyRecord.ETag), nameof(IdempotencyRecord.Body),
    ];

    private bool HasAuditedChanges() => ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Entity is not (AuditEntry or AuditChainHead or IdempotencyRecord or DataProtectionKey));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (IsSqlite)
        {
            // SQLite has no date type: store UTC ticks so ordering and comparison happen in the database.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BeaconDb).Assembly);
        BeaconModelExtension.Apply(builder, Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>(this)
            .FindExtension<BeaconModelExtension>()?.Modules ?? [], IsSqlite);

        // Ids are Guid v7 values assigned in code (unique across federated platforms), never by the database;
        // saying so lets EF add new entities found through navigations instead of taking them for existing rows.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            if (key is { Properties: [{ ClrType: var type } keyProperty] } && type == typeof(Guid))
            {
                keyProperty.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private AuditEntry NewEntry(Actor who, string action, string? entityType, string? entityId, string summary, string outcome) =>
        NewEntry(Clock.GetUtcNow(), AuditKeys.Current, who, action, entityType, entityId, summary, outcome);

    private static AuditEntry NewEntry(DateTimeOffset now, AuditKey key, Actor who, string action, string? entityType, string? entityId,
        string summary, string outcome)
    {
        var entry = new AuditEntry
        {
            OccurredAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            UserId = who.UserId,
            UserName = who.UserName,
            UnitId = who.UnitId,
            JurisdictionId = who.JurisdictionId,
            TokenId = who.TokenId,
            ClientAddress = who.ClientAddress,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Summary = summary,
            Outcome = outcome,
        };
        entry.MarkWith(key);
        return entry;
    }

    /// <summary>
    /// Audit rows from which a save's rows are finished in parallel: their summaries serialised and their marks computed (a
    /// MAC each) on the idle cores too, not on the one thread a group commit's lane runs on (decision 0043).
    /// </summary>
    private const int FinishInParallelFrom = 64;

    private List<AuditEntry> CaptureChanges()
    {
        // One time for every row of the save: the changes it records are committed together. The key is taken here, on
        // the saving thread: the first look at it resolves it from this context's services, which only one thread may use.
        var now = Clock.GetUtcNow();
        var auditKey = AuditKeys.Current;
        var captured = new List<(Actor Who, string Action, string Type, string Key, Dictionary<string, object?> Changes)>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || entry.Entity is AuditEntry or AuditChainHead or IdempotencyRecord or DataProtectionKey)
            {
                continue;
            }

            var changes = new Dictionary<string, object?>();
            foreach (var p in entry.Properties)
            {
                var name = p.Metadata.Name;
                var secret = SecretProperties.Contains(name) || AuditSecretAttribute.IsOn(p.Metadata.PropertyInfo);
                switch (entry.State)
                {
                    case EntityState.Added:
                        changes[name] = secret ? "***" : Show(p.CurrentValue);
                        break;
                    case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                        changes[name] = secret ? new { changed = true } : new { from = Show(p.OriginalValue), to = Show(p.CurrentValue) };
                        break;
                    default:
                        break;
                }
            }

            if (entry.State == EntityState.Modified
                && (changes.Count == 0 || changes.Keys.All(BookkeepingProperties.Contains)))
            {
                continue;
            }

            var type = entry.Metadata.ClrType.Name;
            var verb = entry.State switch
            {
                EntityState.Added => "created",
                EntityState.Modified => "updated",
                _ => "deleted",
            };
            var key = string.Join(',', entry.Metadata.FindPrimaryKey()!.Properties
                .Select(k => Convert.ToString(entry.Property(k.Name).CurrentValue, CultureInfo.InvariantCulture)));
            var who = _stagedFor is not null && _stagedFor.TryGetValue(entry.Entity, out var staged) ? staged : Actor;
            captured.Add((who, $"{ToKebab(type)}.{verb}", type, key, changes));
        }

        // What is left reads no tracked entity (the values were copied above), so it may run on any thread; in order.
        var result = new AuditEntry[captured.Count];
        void Finish(int i)
        {
            var (who, action, type, entityKey, changes) = captured[i];
            result[i] = NewEntry(now, auditKey, who, action, type, entityKey, JsonSerializer.Serialize(changes, JsonOptions), AuditOutcome.Success);
        }

        if (captured.Count >= FinishInParallelFrom)
        {
            Parallel.For(0, captured.Count, Finish);
        }
        else
        {
            for (var i = 0; i < captured.Count; i++)
            {
                Finish(i);
            }
        }

        return [.. result];
    }

    private static object? Show(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        // File contents belong in their own table, not copied into the audit trail.
        byte[] b => $"({b.Length} bytes)",
        _ => value,
    };

    private static string ToKebab(string name)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
