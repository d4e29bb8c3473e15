namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>
/// How an SMS text (短信) is cut for the handset: up to 70 characters go in one message (UCS-2, 140 bytes); a longer text
/// goes in parts of 67 characters, each behind a 6-byte user data header (UDH) the handset reassembles by. A character
/// outside the Basic Multilingual Plane counts twice (two UTF-16 units) and is never cut in half.
/// </summary>
public static class SmsText
{
    /// <summary>Characters (UTF-16 units) of a text that fits one message.</summary>
    public const int SingleLength = 70;

    /// <summary>Characters (UTF-16 units) of one part of a long message.</summary>
    public const int PartLength = 67;

    /// <summary>Most parts a long message may have (the UDH numbers parts with one byte).</summary>
    public const int MaxParts = 255;

    /// <summary>How many messages the handset receives for <paramref name="text"/> (0 for an empty text).</summary>
    public static int Parts(string text) => Split(text).Count;

    /// <summary>The first <see cref="SingleLength"/> characters: what fits one message, as the sign-off form shows it.</summary>
    public static string Preview(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= SingleLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[SingleLength - 1]) ? SingleLength - 1 : SingleLength;
        return text[..cut];
    }

    /// <summary>The text as the handset receives it: one piece, or parts of at most <see cref="PartLength"/> characters.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        if (text.Length <= SingleLength)
        {
            return [text];
        }

        var parts = new List<string>();
        for (var at = 0; at < text.Length;)
        {
            var length = Math.Min(PartLength, text.Length - at);
            if (at + length < text.Length && char.IsHighSurrogate(text[at + length - 1]))
            {
                length--;
            }

            parts.Add(text.Substring(at, length));
            at += length;
        }

        return parts;
    }
}
