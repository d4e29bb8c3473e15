namespace Beacon.Warnings.Cap;

/// <summary>What <see cref="CapReader.Read"/> made of a document.</summary>
/// <param name="Alert">The alert, or null when the document could not be imported (see <paramref name="Errors"/>).</param>
/// <param name="Version">
/// The CAP version the alert is held in: "1.2" for CAP 1.2 and for converted CAP 1.1; "1.0" for a refused CAP 1.0
/// message; empty when the document is not a CAP alert at all.
/// </param>
/// <param name="ConvertedFrom">"1.1" when the document was CAP 1.1 and was converted to 1.2; otherwise null.</param>
/// <param name="Errors">Why the document was refused: not XML, not a CAP alert, unsupported version or schema errors (<c>line:position: message</c>).</param>
/// <param name="Warnings">Problems that do not stop the import: conversion notes and semantic checks such as an Update with no references.</param>
/// <param name="TooComplex">True when the document was refused unread: nested too deep, too long or too slow to parse.</param>
public sealed record CapReadResult(
    CapAlert? Alert,
    string Version,
    string? ConvertedFrom,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    bool TooComplex = false)
{
    /// <summary>True when an alert was read and there were no errors (there may still be warnings).</summary>
    public bool IsValid => Alert is not null && Errors.Count == 0;
}
