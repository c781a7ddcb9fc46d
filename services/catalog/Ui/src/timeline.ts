import { ticks, type AxisZone } from "./axis.js";
import { reasonLook, recordedColour } from "./gap-reasons.js";
import type { WindowMedia } from "./media-window.js";
import { day, durationText, hour, localText, localZone, minute, offsetText, utcText } from "./time.js";
import type { Span } from "./types.js";

export const minSpan = minute;
export const maxSpan = 7 * day;

/** What the timeline asks of the page. */
export interface TimelineEvents {
  viewChanged(view: Span): void;
  play(t: number): void;
  selectionChanged(selection: Span | null): void;
  hover(t: number | null, x: number): void;
}

const svgNs = "http://www.w3.org/2000/svg";
const barTop = 22;
const barHeight = 30;
const height = 78;

/**
 * One asset's zoomable time axis (a minute to a week) with its recorded ranges and its gaps coloured by
 * reason, a keyboard cursor, the player's position and a selected span. Pointer: click plays, drag or
 * shift+click selects, the wheel zooms around the pointer. Keys: see {@link TimelineKeys}.
 */
export class Timeline {
  view: Span;
  cursor: number;
  selection: Span | null = null;
  playhead: number | null = null;
  zone: AxisZone = "utc";
  private media: WindowMedia = { ranges: [], gaps: [] };
  private dragFrom: number | null = null;
  private dragged = false;

  constructor(readonly svg: SVGSVGElement, private readonly events: TimelineEvents, view: Span) {
    this.view = view;
    this.cursor = (view.start + view.end) / 2;
    svg.addEventListener("wheel", (e) => this.onWheel(e), { passive: false });
    svg.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    svg.addEventListener("pointermove", (e) => this.onPointerMove(e));
    svg.addEventListener("pointerup", (e) => this.onPointerUp(e));
    svg.addEventListener("pointerleave", () => this.events.hover(null, 0));
    new ResizeObserver(() => this.render()).observe(svg);
  }

  get width(): number {
    return this.svg.clientWidth || 800;
  }

  timeAt(x: number): number {
    return this.view.start + (x / this.width) * (this.view.end - this.view.start);
  }

  xOf(t: number): number {
    return ((t - this.view.start) / (this.view.end - this.view.start)) * this.width;
  }

  setMedia(media: WindowMedia): void {
    this.media = media;
    this.render();
  }

  /** Shows [start, end) (bounded to a minute..a week), keeping the cursor inside. */
  setView(start: number, end: number): void {
    const span = Math.min(Math.max(end - start, minSpan), maxSpan);
    const middle = (start + end) / 2;
    this.view = { start: Math.round(middle - span / 2), end: Math.round(middle + span / 2) };
    this.cursor = Math.min(Math.max(this.cursor, this.view.start), this.view.end);
    this.render();
    this.events.viewChanged(this.view);
  }

  /** Zooms by factor (<1 in) keeping the time at `around` where it is on screen. */
  zoom(factor: number, around = this.cursor): void {
    const span = Math.min(Math.max((this.view.end - this.view.start) * factor, minSpan), maxSpan);
    const share = (around - this.view.start) / (this.view.end - this.view.start);
    this.setView(around - share * span, around - share * span + span);
  }

  pan(fraction: number): void {
    const shift = (this.view.end - this.view.start) * fraction;
    this.cursor += shift;
    this.setView(this.view.start + shift, this.view.end + shift);
  }

  moveCursor(t: number, extendSelection: boolean): void {
    const anchor = this.selection ? (this.cursor === this.selection.end ? this.selection.start : this.selection.end) : this.cursor;
    this.cursor = t;
    if (t < this.view.start || t > this.view.end) {
      const span = this.view.end - this.view.start;
      this.setView(t - span / 2, t + span / 2);
    }
    if (extendSelection) this.select(anchor, t);
    else this.render();
  }

  select(a: number, b: number): void {
    this.selection = Math.abs(b - a) < 1 ? null : { start: Math.min(a, b), end: Math.max(a, b) };
    this.render();
    this.events.selectionChanged(this.selection);
  }

  setPlayhead(t: number | null): void {
    this.playhead = t;
    this.renderMarks();
  }

  render(): void {
    const svg = this.svg;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${this.width} ${height}`);
    svg.dataset["viewStart"] = new Date(this.view.start).toISOString();
    svg.dataset["viewEnd"] = new Date(this.view.end).toISOString();
    svg.append(rect(0, barTop, this.width, barHeight, "#f1f3f5", "background"));
    for (const g of this.media.gaps) this.drawSpan(g, reasonLook(g.reason).colour, "gap", `gap (${reasonLook(g.reason).words})`, g.reason);
    for (const r of this.media.ranges) this.drawSpan(r, recordedColour, "range", "recorded", r.codecs ?? "");
    const now = Date.now();
    if (now > this.view.start && now < this.view.end) svg.append(line(this.xOf(now), 0, height, "#adb5bd", "now", "4 3"));
    for (const tick of ticks(this.view.start, this.view.end, this.width, this.zone)) {
      const x = this.xOf(tick.t);
      svg.append(line(x, barTop + barHeight, barTop + barHeight + (tick.major ? 10 : 6), "#495057", "tick"));
      svg.append(text(x + 2, height - 4, tick.label, tick.major ? "tick-label major" : "tick-label"));
    }
    svg.append(text(4, 13, this.zone === "utc" ? "times in UTC" : `times in ${localZone} (${offsetText(this.view.start)})`, "zone-label"));
    const marks = document.createElementNS(svgNs, "g");
    marks.setAttribute("class", "marks");
    svg.append(marks);
    this.renderMarks();
  }

  /** The selection, cursor and playhead: redrawn alone as the video plays. */
  private renderMarks(): void {
    const marks = this.svg.querySelector("g.marks");
    if (!marks) return;
    marks.replaceChildren();
    if (this.selection) {
      const x1 = Math.max(this.xOf(this.selection.start), -1);
      const x2 = Math.min(this.xOf(this.selection.end), this.width + 1);
      if (x2 > x1) marks.append(rect(x1, barTop - 6, Math.max(x2 - x1, 1), barHeight + 12, "rgba(25,113,194,.25)", "selection"));
    }
    marks.append(line(this.xOf(this.cursor), barTop - 8, barTop + barHeight + 8, "#1971c2", "cursor"));
    if (this.playhead !== null && this.playhead >= this.view.start && this.playhead <= this.view.end) {
      marks.append(line(this.xOf(this.playhead), 0, height, "#e03131", "playhead"));
    }
    this.svg.setAttribute("aria-valuenow", String(Math.round(this.cursor / 1000)));
    this.svg.setAttribute("aria-valuetext", `cursor at ${utcText(this.cursor)}, ${localText(this.cursor)}`);
  }

  private drawSpan(span: Span, colour: string, kind: string, words: string, detail: string): void {
    const x1 = Math.max(this.xOf(span.start), -1);
    const x2 = Math.min(this.xOf(span.end), this.width + 1);
    if (x2 <= 0 || x1 >= this.width) return;
    const r = rect(x1, barTop, Math.max(x2 - x1, 1), barHeight, colour, kind);
    r.dataset["start"] = new Date(span.start).toISOString();
    r.dataset["end"] = new Date(span.end).toISOString();
    if (kind === "gap") r.dataset["reason"] = detail;
    const title = document.createElementNS(svgNs, "title");
    title.textContent = `${words}${detail && kind === "range" ? ` ${detail}` : ""}: ${utcText(span.start)} to ${utcText(span.end)} (${durationText(span.end - span.start)})`;
    r.append(title);
    this.svg.append(r);
  }

  /** Where the pointer is along the axis, in px from its left edge (whichever shape it is over). */
  private pointerX(e: MouseEvent): number {
    return e.clientX - this.svg.getBoundingClientRect().left - this.svg.clientLeft;
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const around = this.timeAt(this.pointerX(e));
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.pan(e.deltaX / this.width);
    else this.zoom(e.deltaY > 0 ? 1.25 : 0.8, around);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.svg.setPointerCapture(e.pointerId);
    this.dragFrom = this.pointerX(e);
    this.dragged = false;
  }

  private onPointerMove(e: PointerEvent): void {
    const x = this.pointerX(e);
    this.events.hover(this.timeAt(x), x);
    if (this.dragFrom === null) return;
    if (Math.abs(x - this.dragFrom) > 4) this.dragged = true;
    if (this.dragged) this.select(this.timeAt(this.dragFrom), this.timeAt(x));
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.dragFrom === null) return;
    const t = this.timeAt(this.pointerX(e));
    if (this.dragged) {
      this.select(this.timeAt(this.dragFrom), t);
    } else if (e.shiftKey) {
      this.select(this.cursor, t);
      this.cursor = t;
    } else {
      this.cursor = t;
      this.renderMarks();
      this.events.play(t);
    }
    this.dragFrom = null;
    this.svg.focus();
  }
}

/** Zoom steps the buttons and keys use: an hour, six hours, a day, a week and finer ones. */
export const presetSpans = [minute * 5, hour, 6 * hour, day, 7 * day];

function rect(x: number, y: number, w: number, h: number, fill: string, kind: string): SVGRectElement {
  const r = document.createElementNS(svgNs, "rect");
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill })) r.setAttribute(k, String(v));
  r.dataset["kind"] = kind;
  return r;
}

function line(x: number, y1: number, y2: number, stroke: string, kind: string, dash?: string): SVGLineElement {
  const l = document.createElementNS(svgNs, "line");
  for (const [k, v] of Object.entries({ x1: x, x2: x, y1, y2, stroke })) l.setAttribute(k, String(v));
  l.setAttribute("stroke-width", kind === "playhead" || kind === "cursor" ? "2" : "1");
  if (dash) l.setAttribute("stroke-dasharray", dash);
  l.dataset["kind"] = kind;
  return l;
}

function text(x: number, y: number, content: string, cls: string): SVGTextElement {
  const t = document.createElementNS(svgNs, "text");
  t.setAttribute("x", String(x));
  t.setAttribute("y", String(y));
  t.setAttribute("class", cls);
  t.textContent = content;
  return t;
}
