namespace Cvr.Catalog.Api;

/// <summary>
/// How finely availableMedia answers (AVA's <c>precision</c>): which years, months or days hold media,
/// or the ranges themselves; each with AVA's longest span.
/// </summary>
public enum AvailabilityPrecision
{
    Year,
    Month,
    Day,
    Full,
}
