import type { Span } from "./types.js";

/** One playlist entry: where it sits on the player's timeline (s) and on the wall clock (ms). */
interface Entry {
  media: number;
  duration: number;
  wall: number;
}

/**
 * The mapping between a VOD playlist's media time and wall-clock time, from its EXTINF durations and
 * EXT-X-PROGRAM-DATE-TIME tags: players lay the runs behind EXT-X-DISCONTINUITY end to end, so a gap
 * takes no media time and playing on skips it.
 */
export class PlaylistMap {
  /** The codecs (RFC 6381) the multivariant playlist names for its media, if it names them. */
  codecs: string | null = null;

  private constructor(private readonly entries: Entry[]) {}

  /** Reads the media playlist a multivariant playlist (at url, signed: no header needed) names. */
  static async load(url: string, signal?: AbortSignal): Promise<PlaylistMap> {
    const master = await text(url, signal);
    const variant = master.split("\n").map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith("#"));
    const playlist = variant ? await text(new URL(variant, url).toString(), signal) : master;
    const map = PlaylistMap.parse(playlist);
    map.codecs = /CODECS="([^"]*)"/.exec(master)?.[1] ?? null;
    return map;
  }

  static parse(playlist: string): PlaylistMap {
    const entries: Entry[] = [];
    let media = 0;
    let wall: number | null = null;
    for (const line of playlist.split("\n")) {
      if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        wall = Date.parse(line.slice("#EXT-X-PROGRAM-DATE-TIME:".length).trim());
      } else if (line.startsWith("#EXTINF:")) {
        const duration = parseFloat(line.slice("#EXTINF:".length));
        if (wall !== null && Number.isFinite(duration)) entries.push({ media, duration, wall });
        media += Number.isFinite(duration) ? duration : 0;
        wall = null;
      }
    }
    return new PlaylistMap(entries);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The wall-clock span the playlist covers, from its first entry to the end of its last. */
  get span(): Span | null {
    const first = this.entries[0];
    const last = this.entries[this.entries.length - 1];
    return first && last ? { start: first.wall, end: last.wall + last.duration * 1000 } : null;
  }

  /** The media time of wall-clock t: in the entry holding it, else the start of the next one (past a gap). */
  mediaAt(t: number): number | null {
    for (const e of this.entries) {
      if (t < e.wall) return e.media;
      if (t < e.wall + e.duration * 1000) return e.media + (t - e.wall) / 1000;
    }
    return null;
  }

  /** The wall-clock time at media time s. */
  wallAt(s: number): number | null {
    let last: Entry | undefined;
    for (const e of this.entries) {
      if (s < e.media) break;
      last = e;
    }
    return last ? last.wall + (Math.min(s - last.media, last.duration)) * 1000 : null;
  }
}

async function text(url: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new Error(`playlist: ${response.status} ${response.statusText}`);
  return response.text();
}
