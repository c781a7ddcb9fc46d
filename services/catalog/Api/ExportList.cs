namespace Cvr.Catalog.Api;

/// <summary>GET /api/exports: the export jobs kept, newest first (a job is forgotten one lifetime after it expires).</summary>
public sealed record ExportList(IReadOnlyList<ExportView> Value);
