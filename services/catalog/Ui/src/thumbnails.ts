import { api, assetPath } from "./api.js";
import { iso } from "./time.js";

/** Hovered times closer than this share a request: a thumbnail is a segment's first keyframe anyway. */
const bucket = 10_000;
const kept = 200;

/**
 * Keyframe thumbnails of an asset (GET thumbnail.jpg?time=, made by the catalog on first request): fetched
 * with the key header, so shown from blob URLs, kept per 10 s of hovered time.
 */
export class Thumbnails {
  private readonly urls = new Map<number, Promise<string | null>>();

  constructor(private readonly asset: string) {}

  /** A URL of the thumbnail of the segment recorded at t, or null when there is none (no media, an error). */
  at(t: number): Promise<string | null> {
    const key = Math.floor(t / bucket);
    let url = this.urls.get(key);
    if (!url) {
      url = this.fetch(key * bucket);
      this.urls.set(key, url);
      if (this.urls.size > kept) this.forget(this.urls.keys().next().value!);
    }
    return url;
  }

  /** Lets go of every blob URL (the asset is no longer shown). */
  clear(): void {
    for (const key of [...this.urls.keys()]) this.forget(key);
  }

  private async fetch(t: number): Promise<string | null> {
    try {
      return URL.createObjectURL(await (await api(assetPath(this.asset, `thumbnail.jpg?time=${encodeURIComponent(iso(t))}`))).blob());
    } catch {
      // A thumbnail is a plus: without one, the hover shows the time only. Not kept, so a later hover asks again.
      this.urls.delete(Math.floor(t / bucket));
      return null;
    }
  }

  private forget(key: number): void {
    void this.urls.get(key)?.then((url) => url && URL.revokeObjectURL(url));
    this.urls.delete(key);
  }
}
