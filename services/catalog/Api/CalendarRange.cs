namespace Cvr.Catalog.Api;

/// <summary>
/// Consecutive years, months or days that hold media, as AVA wrote them: <c>2026</c>, <c>2026-11</c>,
/// <c>2026-11-05</c>; both ends included.
/// </summary>
public sealed record CalendarRange(string Start, string End);
