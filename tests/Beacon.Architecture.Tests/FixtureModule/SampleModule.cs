using Beacon.Platform.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Architecture.Tests.FixtureModule;

/// <summary>
/// A new, nearly empty module built by following docs/modules.md: one entity with its mapping and scope rule, one menu
/// entry, one endpoint. The tests show that declaring it is all it takes to appear in the menu, the model and migrations
/// (its own schema or prefix) and the scope rules.
/// </summary>
public sealed class SampleModule : BeaconModule
{
    public override string Name => "sample";

    public override Type Resources => typeof(SampleResource);

    public override IEnumerable<MenuEntry> Menu => [new("main", "Menu.Sample", "sample", "book", 500)];

    public override IEnumerable<EntityScope> Scopes => [EntityScope.For<SampleNote>(n => n.JurisdictionId)];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1").RequireAuthorization().MapGet("/sample/notes", () => TypedResults.Ok(Array.Empty<SampleNote>()));
}

/// <summary>Marker of the sample module's resources.</summary>
public sealed class SampleResource
{
}

/// <summary>The sample module's one record: a note of a jurisdiction.</summary>
public sealed class SampleNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid JurisdictionId { get; set; }

    public string Text { get; set; } = "";
}

internal sealed class SampleNoteConfiguration : IEntityTypeConfiguration<SampleNote>
{
    public void Configure(EntityTypeBuilder<SampleNote> b)
    {
        b.ToTable("notes");
        b.HasKey(n => n.Id);
        b.Property(n => n.Text).HasMaxLength(200);
        b.HasIndex(n => n.JurisdictionId);
    }
}
