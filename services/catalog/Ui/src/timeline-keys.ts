import type { Timeline } from "./timeline.js";

/**
 * The timeline's keys, when it has focus: ←/→ move the cursor (a fiftieth of the view; with Ctrl a
 * tenth), Shift+←/→ extend the selection, PageUp/PageDown pan by half a view, +/− zoom around the
 * cursor, Home/End go to the first/last recorded time in view, Enter plays from the cursor, Escape
 * clears the selection.
 */
export function bindTimelineKeys(timeline: Timeline, play: (t: number) => void, edges: () => { first: number | undefined; last: number | undefined }): void {
  timeline.svg.addEventListener("keydown", (e) => {
    const span = timeline.view.end - timeline.view.start;
    const step = span / (e.ctrlKey || e.altKey ? 10 : 50);
    let handled = true;
    switch (e.key) {
      case "ArrowLeft":
        timeline.moveCursor(timeline.cursor - step, e.shiftKey);
        break;
      case "ArrowRight":
        timeline.moveCursor(timeline.cursor + step, e.shiftKey);
        break;
      case "PageUp":
        timeline.pan(-0.5);
        break;
      case "PageDown":
        timeline.pan(0.5);
        break;
      case "+":
      case "=":
        timeline.zoom(0.5);
        break;
      case "-":
      case "_":
        timeline.zoom(2);
        break;
      case "Home": {
        const first = edges().first;
        if (first !== undefined) timeline.moveCursor(first, e.shiftKey);
        break;
      }
      case "End": {
        const last = edges().last;
        if (last !== undefined) timeline.moveCursor(last, e.shiftKey);
        break;
      }
      case "Enter":
      case " ":
        play(timeline.cursor);
        break;
      case "Escape":
        timeline.select(0, 0);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
}
