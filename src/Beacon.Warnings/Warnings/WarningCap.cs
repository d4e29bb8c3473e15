using Beacon.Warnings.Cap;

namespace Beacon.Warnings.Warnings;

/// <summary>
/// A warning as a CAP 1.2 alert and back, in China's profile: times in Beijing time (+08:00), GB/T 35965.1
/// identifiers, 12-digit geocodes, one <c>info</c> per language (zh-CN always, en-US when there is English text).
/// </summary>
public static class WarningCap
{
    public const string EventCodeName = "GB/T 35561";
    public const string LevelParameter = "预警级别";

    /// <summary>Parameter naming the kind of change (Update, Upgrade, Downgrade, Extend), which CAP's msgType does not tell apart.</summary>
    public const string ChangeParameter = "change";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The CAP alert of a published message; <paramref name="earlier"/> are the published messages of its chain before it, oldest first.</summary>
    public static CapAlert ToCap(Warning w, IReadOnlyList<Warning> earlier)
    {
        var references = earlier.Where(e => e.Identifier is not null && e.SentAt is not null)
            .Select(e => new CapReference(e.Sender, e.Identifier!, Local(e.SentAt!.Value))).ToList();
        var msgType = w.Change switch
        {
            WarningChange.New => CapMsgType.Alert,
            WarningChange.Cancel => CapMsgType.Cancel,
            _ => CapMsgType.Update,
        };
        var infos = new List<CapInfo> { Info(w, "zh-CN", w.EventName, w.Headline, w.Description, w.Instruction, $"{Warning.LevelNumeral(w.Level)}级/{Warning.LevelName(w.Level)}") };
        if (w.HeadlineEn is not null || w.DescriptionEn is not null || w.InstructionEn is not null)
        {
            infos.Add(Info(w, "en-US", w.EventNameEn ?? w.EventName, w.HeadlineEn, w.DescriptionEn, w.InstructionEn, $"{w.Level} ({Warning.LevelNumeral(w.Level)})"));
        }

        return new CapAlert(w.Identifier ?? "", w.Sender, Local(w.SentAt ?? w.DraftedAt), Status(w.Status), msgType, null, CapScope.Public, null, null,
            [], null, references, null, infos);
    }

    private static CapInfo Info(Warning w, string language, string eventName, string? headline, string? description, string? instruction, string level) => new(
        language,
        Categories(w.Category),
        eventName,
        [w.Change == WarningChange.Cancel ? CapResponseType.AllClear : CapResponseType.Prepare],
        Enum.TryParse<CapUrgency>(w.Urgency, out var urgency) ? urgency : CapUrgency.Unknown,
        Enum.Parse<CapSeverity>(Warning.Severity(w.Level)),
        Enum.TryParse<CapCertainty>(w.Certainty, out var certainty) ? certainty : CapCertainty.Unknown,
        null,
        w.EventCode.Length > 0 ? [new CapKeyValue(EventCodeName, w.EventCode)] : [],
        Local(w.EffectiveAt),
        w.OnsetAt is { } onset ? Local(onset) : null,
        Local(w.ExpiresAt),
        w.IssuerName,
        headline,
        description,
        instruction,
        w.Web,
        w.Contact,
        w.Change is WarningChange.New or WarningChange.Cancel
            ? [new CapKeyValue(LevelParameter, level)]
            : [new CapKeyValue(LevelParameter, level), new CapKeyValue(ChangeParameter, w.Change.ToString())],
        [.. w.Resources.Select(r => new CapResource(r.Description, r.MimeType, null, r.Uri, null, null))],
        Areas(w));

    /// <summary>
    /// The CAP areas of a warning: one per area row; for a received message, the consecutive rows of one CAP area
    /// (same description, see <see cref="FromCap"/>) become that area again, with all its shapes and geocodes.
    /// </summary>
    private static List<CapArea> Areas(Warning w)
    {
        var groups = new List<List<WarningArea>>();
        foreach (var a in w.Areas.OrderBy(a => a.Position))
        {
            if (w.Origin == WarningOrigin.Imported && groups.Count > 0 && groups[^1][0].Description == a.Description)
            {
                groups[^1].Add(a);
            }
            else
            {
                groups.Add([a]);
            }
        }

        return [.. groups.Select(g => new CapArea(
            g[0].Description,
            [.. g.Select(a => a.Polygon).OfType<string>().Distinct()],
            [.. g.Select(a => a.Circle).OfType<string>().Distinct()],
            [.. g.Select(a => a.DivisionCode).OfType<string>().Distinct().Select(code => new CapKeyValue(CapIdentifier.GeocodeValueName, CapIdentifier.Geocode12(code)))],
            null,
            null))];
    }

    /// <summary>The CAP categories stored in <see cref="Warning.Category"/> (space-separated; unknown words read as Other).</summary>
    public static List<CapCategory> Categories(string stored)
    {
        var categories = stored.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => Enum.TryParse<CapCategory>(c, out var category) ? category : CapCategory.Other).Distinct().ToList();
        return categories.Count == 0 ? [CapCategory.Other] : categories;
    }

    /// <summary>
    /// A received alert as a warning (not yet saved): the Chinese info (else the first) gives the texts, an English one
    /// the English texts; the level comes from the severity (Extreme red … Minor blue); each polygon and circle is an area.
    /// </summary>
    public static Warning FromCap(CapAlert alert, List<string> notes)
    {
        var zh = alert.Infos.FirstOrDefault(i => i.Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) ?? (alert.Infos.Count > 0 ? alert.Infos[0] : null);
        var en = alert.Infos.FirstOrDefault(i => i.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) && i != zh);
        var w = new Warning
        {
            Identifier = alert.Identifier,
            Sender = alert.Sender,
            SentAt = alert.Sent.ToUniversalTime(),
            Status = alert.Status switch
            {
                CapStatus.Exercise => WarningStatus.Exercise,
                CapStatus.Actual => WarningStatus.Actual,
                _ => WarningStatus.Test,
            },
            Change = alert.MsgType switch
            {
                CapMsgType.Cancel => WarningChange.Cancel,
                CapMsgType.Update => WarningChange.Update,
                _ => WarningChange.New,
            },
            Origin = WarningOrigin.Imported,
            Stage = WarningStage.Received,
        };
        w.ChainId = w.Id;
        if (alert.Status is CapStatus.System or CapStatus.Draft)
        {
            notes.Add($"status {alert.Status}: kept as a test message");
        }

        if (zh is null)
        {
            notes.Add("no info: a message without content (allowed for a cancel)");
            w.EventName = "";
            w.Headline = alert.Note ?? alert.MsgType.ToString();
            w.EffectiveAt = w.SentAt.Value;
            w.ExpiresAt = w.SentAt.Value;
            w.IssuerName = alert.Sender;
            w.Level = WarningLevel.Blue;
            return w;
        }

        w.EventName = Cut(zh.Event, 100);
        w.EventNameEn = en is null ? null : Cut(en.Event, 100);
        w.EventCode = Cut(zh.EventCodes.Count > 0 ? zh.EventCodes[0].Value : "", 20);
        // Every category is kept (space-separated: CAP's category values have no spaces).
        w.Category = zh.Categories.Count > 0 ? string.Join(' ', zh.Categories.Distinct()) : "Other";
        w.Level = zh.Severity switch
        {
            CapSeverity.Extreme => WarningLevel.Red,
            CapSeverity.Severe => WarningLevel.Orange,
            CapSeverity.Moderate => WarningLevel.Yellow,
            _ => WarningLevel.Blue,
        };
        if (zh.Severity == CapSeverity.Unknown)
        {
            notes.Add("severity Unknown: shown as blue");
        }

        if (alert.MsgType == CapMsgType.Update && zh.Parameters.FirstOrDefault(p => p.ValueName == ChangeParameter) is { } kind
            && Enum.TryParse<WarningChange>(kind.Value, out var change) && change is not (WarningChange.New or WarningChange.Cancel))
        {
            w.Change = change;
        }

        w.Urgency = zh.Urgency.ToString();
        w.Certainty = zh.Certainty.ToString();
        w.EffectiveAt = (zh.Effective ?? alert.Sent).ToUniversalTime();
        w.OnsetAt = zh.Onset?.ToUniversalTime();
        if (zh.Expires is { } expires)
        {
            w.ExpiresAt = expires.ToUniversalTime();
        }
        else
        {
            w.ExpiresAt = w.EffectiveAt.AddDays(1);
            notes.Add("no expiry given: taken as one day after it takes effect");
        }

        w.IssuerName = Cut(zh.SenderName ?? alert.Sender, 200);
        w.Headline = Cut(zh.Headline ?? zh.Event, 300);
        w.Description = zh.Description ?? "";
        w.Instruction = zh.Instruction ?? "";
        w.HeadlineEn = en?.Headline is { } h ? Cut(h, 300) : null;
        w.DescriptionEn = en?.Description;
        w.InstructionEn = en?.Instruction;
        w.Web = zh.Web is { } web ? Cut(web, 500) : null;
        w.Contact = zh.Contact is { } contact ? Cut(contact, 200) : null;
        w.Resources = [.. zh.Resources.Select(r => new WarningResource { Description = Cut(r.ResourceDesc, 200), MimeType = Cut(r.MimeType, 100), Uri = Cut(r.Uri ?? "", 1000) })];
        var position = 0;
        foreach (var area in zh.Areas)
        {
            // Every geocode is kept: a CAP area becomes as many rows as it has shapes or division codes (whichever is
            // more), all with its description; a single code goes on every row, as before.
            var divisions = area.Geocodes.Where(g => g.ValueName == CapIdentifier.GeocodeValueName).Select(g => Division(g.Value))
                .OfType<string>().Distinct().ToList();
            var shapes = area.Polygons.Select(p => (Polygon: (string?)p, Circle: (string?)null))
                .Concat(area.Circles.Select(c => (Polygon: (string?)null, Circle: (string?)c))).ToList();
            var rows = Math.Max(1, Math.Max(shapes.Count, divisions.Count));
            for (var i = 0; i < rows; i++)
            {
                w.Areas.Add(new WarningArea
                {
                    WarningId = w.Id,
                    Position = position++,
                    Description = Cut(area.AreaDesc, 300),
                    DivisionCode = i < divisions.Count ? divisions[i] : divisions.Count == 1 ? divisions[0] : null,
                    Polygon = i < shapes.Count ? shapes[i].Polygon : null,
                    Circle = i < shapes.Count ? shapes[i].Circle : null,
                });
            }
        }

        return w;
    }

    /// <summary>The division code of a 12-digit geocode: a county's 6 digits or a township's 9; null for anything else.</summary>
    private static string? Division(string code) =>
        code is { Length: 12 } && code.All(char.IsAsciiDigit) ? (code[6..9] == "000" ? code[..6] : code[..9]) : null;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    private static DateTimeOffset Local(DateTimeOffset t)
    {
        var whole = new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return whole.ToOffset(Beijing);
    }

    private static CapStatus Status(WarningStatus status) => status switch
    {
        WarningStatus.Exercise => CapStatus.Exercise,
        WarningStatus.Test => CapStatus.Test,
        _ => CapStatus.Actual,
    };
}
