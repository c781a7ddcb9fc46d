import { allPages, assetPath } from "./api.js";
import { day, iso, startOfUtcDay } from "./time.js";
import type { AvailableMediaPage, Gap, RecordedRange, Span } from "./types.js";

/** What an asset holds in a window of time: its recorded ranges and its gaps. */
export interface WindowMedia {
  ranges: RecordedRange[];
  gaps: Gap[];
}

interface Chunk {
  media: WindowMedia;
  fetchedAt: number;
}

/**
 * Loads only the visible window from availableMedia (precision=full, at most 25 hours a request, paged
 * by @nextLink), in whole UTC days kept for panning back; a day that reaches now is asked again when older
 * than a few seconds, so that the live edge grows.
 */
export class MediaWindow {
  private readonly chunks = new Map<number, Chunk>();
  private static readonly freshFor = 5000;

  constructor(readonly asset: string) {}

  async load(view: Span, signal?: AbortSignal): Promise<WindowMedia> {
    const days: number[] = [];
    for (let d = startOfUtcDay(view.start); d < view.end; d += day) days.push(d);
    const chunks = await Promise.all(days.map((d) => this.chunk(d, signal)));
    return joined(chunks.map((c) => c.media));
  }

  private async chunk(start: number, signal?: AbortSignal): Promise<Chunk> {
    const kept = this.chunks.get(start);
    const now = Date.now();
    if (kept && (start + day < kept.fetchedAt - 60_000 || now - kept.fetchedAt < MediaWindow.freshFor)) {
      return kept;
    }
    const query = `availableMedia?precision=full&start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(start + day))}`;
    const pages = await allPages<AvailableMediaPage>(assetPath(this.asset, query), signal);
    const media: WindowMedia = {
      ranges: pages.flatMap((p) => p.timeRanges).map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end), codecs: r.media?.codecs ?? null })),
      gaps: pages.flatMap((p) => p.gaps).map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end), reason: g.reason })),
    };
    const chunk = { media, fetchedAt: now };
    this.chunks.set(start, chunk);
    return chunk;
  }
}

/** Days side by side: a range or gap cut at midnight by the requests is one again. */
export function joined(parts: WindowMedia[]): WindowMedia {
  const ranges: RecordedRange[] = [];
  const gaps: Gap[] = [];
  for (const part of parts) {
    for (const r of part.ranges) {
      const last = ranges[ranges.length - 1];
      if (last && last.end >= r.start) last.end = Math.max(last.end, r.end);
      else ranges.push({ ...r });
    }
    for (const g of part.gaps) {
      const last = gaps[gaps.length - 1];
      if (last && last.reason === g.reason && last.end >= g.start) last.end = Math.max(last.end, g.end);
      else gaps.push({ ...g });
    }
  }
  return { ranges, gaps };
}

/** The range holding t, or else the first one after it. */
export function rangeAtOrAfter(media: WindowMedia, t: number): RecordedRange | undefined {
  return media.ranges.find((r) => r.end > t);
}
