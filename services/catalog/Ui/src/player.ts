import { api, assetPath } from "./api.js";
import { PlaylistMap } from "./playlist-map.js";
import { hour, iso, localText, utcText } from "./time.js";
import type { Span } from "./types.js";

export interface PlayerEvents {
  /** The wall-clock time being shown, as the video plays or seeks. */
  timeChanged(t: number): void;
  /** Playback reached the end of the loaded window at wall-clock t: the page continues at the next range. */
  ended(t: number): void;
  /** Something to tell the viewer (an error, a codec this browser lacks); empty clears it. */
  say(message: string): void;
}

/** How much of the recording one signed playlist covers from the instant asked for. */
const windowLength = hour;

/**
 * Plays an asset from a wall-clock instant with hls.js: a signed playlist for a window from that instant
 * (POST playbackUrl), started at the media time of the instant. Gaps inside the window take no media
 * time (EXT-X-DISCONTINUITY), so playback skips them; at the window's end the page loads the next one.
 */
export class Player {
  private hls: Hls | null = null;
  private map: PlaylistMap | null = null;
  private asset = "";
  private loading: AbortController | null = null;

  constructor(readonly video: HTMLVideoElement, private readonly clock: HTMLElement, private readonly events: PlayerEvents) {
    video.addEventListener("timeupdate", () => this.showTime());
    video.addEventListener("seeked", () => this.showTime());
    video.addEventListener("ended", () => {
      const span = this.map?.span;
      if (span) this.events.ended(span.end);
    });
  }

  /** The wall-clock time of the frame shown, when playing. */
  get wallClock(): number | null {
    return this.map ? this.map.wallAt(this.video.currentTime) : null;
  }

  get window(): Span | null {
    return this.map?.span ?? null;
  }

  /** Plays from t; codecs are those of the range there (RFC 6381), to say so when this browser cannot decode them. */
  async playAt(asset: string, t: number, codecs: string | null): Promise<void> {
    if (!this.decodable(codecs)) return;
    const mapped = this.asset === asset && this.map ? this.map.mediaAt(t) : null;
    const span = this.map?.span;
    if (mapped !== null && span && t >= span.start && t < span.end) {
      this.video.currentTime = mapped; // within the loaded window: a seek, no new playlist
      void this.video.play().catch(() => undefined);
      return;
    }
    await this.load(asset, t);
  }

  stop(): void {
    this.loading?.abort();
    this.hls?.destroy();
    this.hls = null;
    this.map = null;
    this.video.removeAttribute("src");
    this.video.load();
    this.clock.textContent = "not playing: click a time on the timeline, or press Enter on it";
    delete this.clock.dataset["utc"];
    delete this.clock.dataset["startMediaTime"];
  }

  private async load(asset: string, t: number): Promise<void> {
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    this.events.say(`loading ${utcText(t)}…`);
    const range = `start=${encodeURIComponent(iso(t))}&end=${encodeURIComponent(iso(t + windowLength))}`;
    const { url } = (await (await api(assetPath(asset, `playbackUrl?${range}`), { method: "POST", signal: loading.signal })).json()) as { url: string };
    const map = await PlaylistMap.load(url, loading.signal);
    if (loading.signal.aborted) return;
    const position = map.mediaAt(t);
    if (map.isEmpty || position === null) {
      this.events.say(`nothing recorded from ${utcText(t)} on`);
      return;
    }
    if (!this.decodable(map.codecs)) return;
    this.hls?.destroy();
    this.asset = asset;
    this.map = map;
    this.video.hidden = false;
    this.clock.dataset["startMediaTime"] = position.toFixed(3);
    if (typeof Hls !== "undefined" && Hls.isSupported()) {
      const hls = (this.hls = new Hls({ enableWorker: false, startPosition: position }));
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) this.events.say(`playback error: ${data.details}`);
      });
      hls.loadSource(url);
      hls.attachMedia(this.video);
    } else {
      this.video.src = url; // native HLS (Safari)
      this.video.addEventListener("loadedmetadata", () => (this.video.currentTime = position), { once: true });
    }
    this.events.say("");
    // Not awaited: play() settles only once frames show, which a stream this browser cannot decode never does.
    void this.video.play().catch(() => undefined);
  }

  /** False, having said so, when this browser cannot decode some of the codecs (those of the range, or of its playlist). */
  private decodable(codecs: string | null): boolean {
    const missing = undecodable(codecs);
    if (missing.length === 0) return true;
    const hevc = missing.some((c) => c.startsWith("hvc1") || c.startsWith("hev1"));
    this.events.say(`this browser cannot decode ${missing.join(", ")}` +
      (hevc ? " (H.265: play it in a browser with HEVC decoding, such as Safari or Chrome with a hardware decoder, or with the playlist in a player such as ffplay or VLC)" : ""));
    return false;
  }

  private showTime(): void {
    const wall = this.wallClock;
    if (wall === null) return;
    this.clock.dataset["utc"] = iso(wall);
    this.clock.dataset["mediaTime"] = this.video.currentTime.toFixed(3);
    this.clock.textContent = `${utcText(wall, true)} · ${localText(wall, true)}`;
    this.events.timeChanged(wall);
  }
}

/** The codecs (RFC 6381, comma-separated) this browser's MSE cannot play. */
function undecodable(codecs: string | null): string[] {
  if (!codecs || typeof MediaSource === "undefined") return [];
  return codecs.split(",").map((c) => c.trim()).filter((c) => c.length > 0 && !MediaSource.isTypeSupported(`video/mp4; codecs="${c}"`));
}
