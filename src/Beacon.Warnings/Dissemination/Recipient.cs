namespace Beacon.Warnings.Dissemination;

/// <summary>Who a recipient is: a unit (单位), a responsible person (责任人) or a subscriber (订阅用户).</summary>
public enum RecipientKind
{
    Unit,
    Person,
    Subscriber,
}

/// <summary>The ways a warning reaches a recipient.</summary>
public enum WarningChannel
{
    Sms,
    Email,
    Webhook,
}

/// <summary>Where one delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    Queued,

    /// <summary>Handed to the channel, whose far end accepted it (an SMTP server's 250, a gateway's submit response):
    /// <see cref="Delivery.Answer"/> says what it answered.</summary>
    Sent,

    /// <summary>Refused for good by the channel (e.g. a webhook answering 4xx); not retried.</summary>
    Failed,

    /// <summary>An attempt failed; another follows at <see cref="Delivery.NextAttemptAt"/>.</summary>
    Retrying,

    /// <summary>Every allowed attempt failed (<see cref="DisseminationOptions.MaxAttempts"/>).</summary>
    GivenUp,

    /// <summary>The far end confirmed it reached the recipient (an SMS status report DELIVRD), at
    /// <see cref="Delivery.DeliveredAt"/>. A status report of failure makes it <see cref="Failed"/> instead.</summary>
    Delivered,
}

/// <summary>
/// A recipient of warnings (预警接收对象): a unit, a responsible person or a subscriber, reached by SMS, e-mail
/// and/or a signed webhook, for the areas it is interested in. Managed by a jurisdiction (its scope).
/// </summary>
public sealed class Recipient
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public RecipientKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The unit this recipient stands for, when it is one.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>The jurisdiction that manages the recipient: who sees and edits it.</summary>
    public Guid OwnerJurisdictionId { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? WebhookUrl { get; set; }

    /// <summary>Key of the webhook's HMAC-SHA256 signature; never shown again after it is set, never in the audit trail.</summary>
    [Platform.Audit.AuditSecret]
    public string? WebhookSecret { get; set; }

    public List<RecipientArea> Areas { get; set; } = [];

    /// <summary>Where the recipient is (WGS 84 degrees), when known: warnings given by polygon or circle select by it.</summary>
    public double? Latitude { get; set; }

    /// <summary>See <see cref="Latitude"/>; both or neither.</summary>
    public double? Longitude { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>The channels this recipient can be reached by.</summary>
    public IEnumerable<WarningChannel> Channels()
    {
        if (Phone is not null)
        {
            yield return WarningChannel.Sms;
        }

        if (Email is not null)
        {
            yield return WarningChannel.Email;
        }

        if (WebhookUrl is not null)
        {
            yield return WarningChannel.Webhook;
        }
    }
}

/// <summary>One area of interest of a recipient: a division code and its matching prefix (<see cref="AreaCodes.Prefix"/>).</summary>
public sealed class RecipientArea
{
    public Guid RecipientId { get; set; }

    /// <summary>6-digit region, prefecture or county code, or 9-digit township code, as given.</summary>
    public string Code { get; set; } = "";

    /// <summary>The code with its level's trailing zeros cut (150200 → 1502), indexed for matching.</summary>
    public string Prefix { get; set; } = "";
}

/// <summary>
/// A warning message to disseminate, written in the same transaction as its sign-off: it cannot be published
/// without being disseminated, nor disseminated without being published. The dispatcher expands it into
/// <see cref="Delivery"/> rows (<see cref="ExpandedAt"/>) and sends them.
/// </summary>
public sealed class DisseminationJob
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid WarningId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpandedAt { get; set; }

    /// <summary>The channels the leader chose at sign-off (签发时选择的渠道), comma-separated names; null: every channel.</summary>
    public string? Channels { get; set; }

    /// <summary>Whether deliveries on <paramref name="channel"/> are made for this job.</summary>
    public bool Includes(WarningChannel channel) =>
        Channels is null || Channels.Split(',').Contains(channel.ToString(), StringComparer.Ordinal);
}

/// <summary>
/// One message to one recipient on one channel (unique per warning, recipient and channel). Its <see cref="Id"/> is
/// the idempotency key the channel receives.
/// </summary>
public sealed class Delivery
{
    /// <summary>Given by the database: deliveries are inserted set-based, a million at a time.</summary>
    public long Id { get; set; }

    public Guid WarningId { get; set; }

    public Guid RecipientId { get; set; }

    public WarningChannel Channel { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>What the far end answered, in its own words: an SMTP reply, a gateway's submit result and message id, an
    /// HTTP status; for the development recorder "recorded, not sent".</summary>
    public string? Answer { get; set; }

    /// <summary>The far end's id of the message (a CMPP Msg_Id, an SMTP queue id): how a later delivery report finds
    /// this delivery.</summary>
    public string? ExternalId { get; set; }

    /// <summary>When the far end confirmed delivery to the recipient (<see cref="DeliveryStatus.Delivered"/>).</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A message the development SMS or e-mail channel recorded instead of sending (there is no production gateway yet).
/// At most one per delivery.
/// </summary>
public sealed class RecordedMessage
{
    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public WarningChannel Channel { get; set; }

    public string To { get; set; } = "";

    public string? Subject { get; set; }

    public string Body { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// Matching of areas by division code (GB/T 2260, with 9-digit township codes): a recipient's area and a warning's
/// area intersect when the prefix of one starts with the prefix of the other.
/// </summary>
/// <remarks>
/// Only codes are matched here; a warning area given as a polygon or a circle selects recipients by their point
/// (<see cref="AreaGeometry"/>, <see cref="Targeting"/>).
/// </remarks>
public static class AreaCodes
{
    private static readonly int[] Lengths = [2, 4, 6, 9];

    /// <summary>150000 → "15" (region), 150200 → "1502" (prefecture), 150203 → "150203", 150203001 → "150203001".</summary>
    public static string Prefix(string code)
    {
        code = code.Trim();
        if (code.Length != 6)
        {
            return code;
        }

        return code.EndsWith("0000", StringComparison.Ordinal) ? code[..2]
            : code.EndsWith("00", StringComparison.Ordinal) ? code[..4]
            : code;
    }

    /// <summary>The next prefix of the same length (1502 → 1503, 1509 → 1510); null after all nines.</summary>
    public static string? Next(string prefix)
    {
        var digits = prefix.ToCharArray();
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (digits[i] < '9')
            {
                digits[i]++;
                return new string(digits);
            }

            digits[i] = '0';
        }

        return null;
    }

    public static bool Intersect(string a, string b)
    {
        var (pa, pb) = (Prefix(a), Prefix(b));
        return pa.StartsWith(pb, StringComparison.Ordinal) || pb.StartsWith(pa, StringComparison.Ordinal);
    }

    /// <summary>The prefixes that contain <paramref name="prefix"/>: itself and its region, prefecture and county.</summary>
    public static IEnumerable<string> Containing(string prefix) =>
        Lengths.Where(n => n <= prefix.Length).Select(n => prefix[..n]).Append(prefix).Distinct();
}
