import { Unauthorized } from "./api.js";
import { Calendar } from "./calendar.js";
import { directLimit, Exporter } from "./exporter.js";
import { renderLegend } from "./gap-reasons.js";
import { MediaWindow, rangeAtOrAfter, type WindowMedia } from "./media-window.js";
import { Player } from "./player.js";
import { day, durationText, hour, iso, localText, utcText } from "./time.js";
import { Thumbnails } from "./thumbnails.js";
import { Timeline } from "./timeline.js";
import { bindTimelineKeys } from "./timeline-keys.js";
import type { AssetView, Span } from "./types.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/**
 * The selected asset: its timeline (loading only the window in view), the player and the export of a
 * selected span. What goes wrong is said in words on the page; a refused key goes back to sign-in.
 */
export class AssetViewer {
  private asset: AssetView | null = null;
  private data: MediaWindow | null = null;
  private media: WindowMedia = { ranges: [], gaps: [] };
  private loadTimer = 0;
  private thumbnails: Thumbnails | null = null;
  private hoverTimer = 0;
  private readonly timeline: Timeline;
  private readonly player: Player;
  private readonly exporter: Exporter;
  private readonly calendar: Calendar;

  constructor(private readonly signOut: (reason: string) => void) {
    this.timeline = new Timeline($<HTMLElement>("axis") as unknown as SVGSVGElement, {
      viewChanged: () => this.viewChanged(),
      play: (t) => void this.guard(() => this.playAt(t)),
      selectionChanged: (s) => this.selectionChanged(s),
      hover: (t, x) => this.hover(t, x),
    }, { start: Date.now() - hour, end: Date.now() });
    bindTimelineKeys(this.timeline, (t) => void this.guard(() => this.playAt(t)), () => ({
      first: this.media.ranges.find((r) => r.end > this.timeline.view.start)?.start,
      last: [...this.media.ranges].reverse().find((r) => r.start < this.timeline.view.end)?.end,
    }));
    this.player = new Player($("player"), $("clock"), {
      timeChanged: (t) => this.following(t),
      ended: (t) => void this.guard(() => this.continueAfter(t)),
      say: (m) => ($("now").textContent = m),
    });
    this.exporter = new Exporter($("exportProgress"), (m) => ($("now").textContent = m));
    this.calendar = new Calendar($("calendar"), $("calendarToggle"), (d) => this.timeline.setView(d, d + day), (e) => this.fail(e));
    this.bindToolbar();
  }

  get selectedAsset(): string | null {
    return this.asset?.name ?? null;
  }

  /** Shows the asset, around view if given, else its last hour of media. */
  show(asset: AssetView, view?: Span): void {
    const changed = this.asset?.name !== asset.name;
    this.asset = asset;
    $("viewerBody").hidden = false;
    $("assetTitle").textContent = asset.name;
    this.timeline.svg.setAttribute("aria-label", `timeline of ${asset.name}: click or Enter plays from that time; drag, shift+click or shift+arrows select a span`);
    if (changed) {
      this.data = new MediaWindow(asset.name);
      this.thumbnails?.clear();
      this.thumbnails = new Thumbnails(asset.name);
      this.player.stop();
      this.timeline.select(0, 0);
      const end = asset.end ? Date.parse(asset.end) : Date.now();
      const start = asset.start ? Math.max(Date.parse(asset.start), end - hour) : end - hour;
      this.timeline.cursor = start;
      // The last hour of media, or all of it with a margin when there is less (a minute at least).
      const margin = Math.max((end - start) * 0.1, 5000);
      const shown = view ?? { start: start - margin, end: end + margin };
      this.timeline.setView(shown.start, shown.end);
    } else if (view) {
      this.timeline.setView(view.start, view.end);
    }
    this.calendar.show(asset.name, this.timeline.view.end);
  }

  /** Plays from t: in a gap, from the next range; the codecs of the range decide whether this browser can. */
  async playAt(t: number): Promise<void> {
    if (!this.asset || !this.data) return;
    const media = rangeAtOrAfter(this.media, t) ? this.media : await this.data.load({ start: t, end: t + day });
    const range = rangeAtOrAfter(media, t);
    if (!range) {
      $("now").textContent = `nothing recorded after ${utcText(t)}`;
      return;
    }
    const from = Math.max(t, range.start);
    if (from > t) $("now").textContent = `no recording at ${utcText(t)}: playing from ${utcText(from)}`;
    this.timeline.cursor = from;
    await this.player.playAt(this.asset.name, from, range.codecs);
  }

  /** Refreshes the media in view (the live edge grows). */
  refresh(): void {
    this.viewChanged();
  }

  private viewChanged(): void {
    window.clearTimeout(this.loadTimer);
    const view = this.timeline.view;
    $("viewText").textContent = `In view: ${utcText(view.start)} to ${utcText(view.end)} (${durationText(view.end - view.start)}); local time ${localText(view.start)} to ${localText(view.end)}`;
    const span = view.end - view.start;
    const select = $<HTMLSelectElement>("spanSelect");
    select.value = [...select.options].some((o) => o.value === String(span)) ? String(span) : "";
    if (this.asset) history.replaceState(null, "", `#asset=${encodeURIComponent(this.asset.name)}&start=${iso(view.start)}&end=${iso(view.end)}`);
    this.loadTimer = window.setTimeout(() => void this.guard(() => this.load()), 120);
  }

  private async load(): Promise<void> {
    if (!this.data) return;
    const view = this.timeline.view;
    const data = this.data;
    $("mediaState").textContent = this.media.ranges.length === 0 ? "loading…" : "";
    const media = await data.load(view);
    if (data !== this.data) return;
    this.media = media;
    this.timeline.setMedia(media);
    renderLegend($("legend"), new Set(media.gaps.filter((g) => g.end > view.start && g.start < view.end).map((g) => g.reason)));
    const inView = media.ranges.filter((r) => r.end > view.start && r.start < view.end);
    $("mediaState").textContent = inView.length > 0 ? "" : `Nothing recorded between ${utcText(view.start)} and ${utcText(view.end)}: pick a day with recordings, or zoom out.`;
    $("axis").dataset["ranges"] = String(inView.length);
  }

  private selectionChanged(selection: Span | null): void {
    const button = $<HTMLButtonElement>("export");
    button.disabled = selection === null;
    if (!selection) {
      $("selectionText").textContent = "No span selected: drag on the timeline, shift+click, or Shift+arrows.";
      delete button.dataset["start"];
      return;
    }
    button.dataset["start"] = iso(selection.start);
    button.dataset["end"] = iso(selection.end);
    const gap = this.media.gaps.some((g) => g.end > selection.start && g.start < selection.end);
    if (gap) $<HTMLInputElement>("skipGaps").checked = true;
    $<HTMLInputElement>("asJob").checked = selection.end - selection.start > directLimit;
    $("selectionText").textContent = `Selected ${utcText(selection.start)} to ${utcText(selection.end)} (${durationText(selection.end - selection.start)})${gap ? ": it crosses a gap" : ""}`;
  }

  /** Keeps the playhead in view while playing: the view moves on by half when it runs off. */
  private following(t: number): void {
    this.timeline.setPlayhead(t);
    const view = this.timeline.view;
    if (t > view.end && t - view.end < view.end - view.start) this.timeline.pan(0.5);
  }

  /** At the end of a playback window: on at the next recorded range, if any. */
  private async continueAfter(t: number): Promise<void> {
    if (!this.data || !this.asset) return;
    const next = rangeAtOrAfter(await this.data.load({ start: t, end: t + day }), t + 500);
    if (!next) {
      $("now").textContent = `end of the recording at ${utcText(t)}`;
      return;
    }
    await this.player.playAt(this.asset.name, Math.max(next.start, t), next.codecs);
  }

  private hover(t: number | null, x: number): void {
    const box = $("hover");
    if (t === null) {
      box.hidden = true;
      return;
    }
    const range = this.media.ranges.find((r) => r.start <= t && t < r.end);
    const gap = range ? undefined : this.media.gaps.find((g) => g.start <= t && t < g.end);
    $("hoverText").textContent = `${utcText(t)} · ${localText(t)}${range ? " · recorded" : gap ? ` · gap: ${gap.reason}` : ""}`;
    box.style.left = `${Math.max(0, Math.min(x - 120, this.timeline.width - 420))}px`;
    box.hidden = false;
    this.showThumbnail(range ? t : null);
  }

  /** The keyframe of the segment under the pointer, once the pointer rests a moment on a range. */
  private showThumbnail(t: number | null, attempt = 0): void {
    window.clearTimeout(this.hoverTimer);
    const image = $<HTMLImageElement>("thumb");
    const thumbnails = this.thumbnails;
    if (t === null || !thumbnails) {
      image.hidden = true;
      return;
    }
    this.hoverTimer = window.setTimeout(() => void thumbnails.at(t).then((url) => {
      if ($("hover").hidden || thumbnails !== this.thumbnails) return;
      image.hidden = url === null;
      if (url === null && attempt < 3) this.showThumbnail(t, attempt + 1); // made on demand: it may be busy
      if (url) {
        image.src = url;
        image.dataset["time"] = iso(t);
        image.alt = `keyframe of the segment recorded at ${utcText(t)}`;
      }
    }), attempt === 0 ? 150 : 1000);
  }

  private bindToolbar(): void {
    const t = this.timeline;
    $("earlier").addEventListener("click", () => t.pan(-0.5));
    $("later").addEventListener("click", () => t.pan(0.5));
    $("zoomIn").addEventListener("click", () => t.zoom(0.5));
    $("zoomOut").addEventListener("click", () => t.zoom(2));
    $<HTMLSelectElement>("spanSelect").addEventListener("change", (e) => {
      const span = Number((e.target as HTMLSelectElement).value);
      if (span > 0) t.setView(t.cursor - span / 2, t.cursor + span / 2);
    });
    $("latest").addEventListener("click", () => {
      const span = t.view.end - t.view.start;
      const end = Math.max(...this.media.ranges.map((r) => r.end), this.asset?.end ? Date.parse(this.asset.end) : Date.now());
      t.setView(end - span * 0.95, end + span * 0.05);
    });
    $<HTMLSelectElement>("zoneSelect").addEventListener("change", (e) => {
      t.zone = (e.target as HTMLSelectElement).value === "local" ? "local" : "utc";
      t.render();
    });
    $("export").addEventListener("click", () => {
      const selection = t.selection;
      if (this.asset && selection) {
        void this.guard(() => this.exporter.export(this.asset!.name, selection, $<HTMLInputElement>("skipGaps").checked, $<HTMLInputElement>("asJob").checked));
      }
    });
  }

  private async guard(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof Unauthorized) this.signOut(error.message);
    else if (!(error instanceof DOMException && error.name === "AbortError")) $("now").textContent = error instanceof Error ? error.message : String(error);
  }
}
