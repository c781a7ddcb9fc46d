import { assetPath, getJson } from "./api.js";
import { day } from "./time.js";
import type { CalendarAvailability } from "./types.js";

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A month of UTC days, those with recordings enabled (availableMedia?precision=day): picking one shows
 * that day on the timeline.
 */
export class Calendar {
  private asset = "";
  private month = 0; // ms of the first instant of the shown month (UTC)

  constructor(
    private readonly panel: HTMLElement,
    private readonly toggle: HTMLButtonElement,
    private readonly picked: (dayStart: number) => void,
    private readonly failed: (error: unknown) => void,
  ) {
    toggle.addEventListener("click", () => (panel.hidden ? this.open() : this.close()));
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        this.close();
        toggle.focus();
      }
    });
  }

  show(asset: string, around: number): void {
    this.asset = asset;
    const d = new Date(around);
    this.month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (!this.panel.hidden) void this.render();
  }

  open(): void {
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    void this.render();
  }

  close(): void {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
  }

  private async render(): Promise<void> {
    const first = new Date(this.month);
    const year = first.getUTCFullYear();
    const month = first.getUTCMonth();
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    let recorded = new Set<string>();
    try {
      const span = `start=${year}-${pad(month + 1)}-01&end=${year}-${pad(month + 1)}-${pad(days)}`;
      const answer = await getJson<CalendarAvailability>(assetPath(this.asset, `availableMedia?precision=day&${span}`));
      recorded = daysOf(answer);
    } catch (error) {
      this.failed(error);
    }
    const header = document.createElement("div");
    header.className = "calendar-header";
    const caption = document.createElement("strong");
    caption.textContent = `${monthNames[month]} ${year} (UTC days)`;
    caption.id = "calendarCaption";
    header.append(this.navButton("‹", "previous month", -1), caption, this.navButton("›", "next month", 1));
    const grid = document.createElement("div");
    grid.className = "calendar-grid";
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-labelledby", "calendarCaption");
    for (const name of ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]) {
      const cell = document.createElement("span");
      cell.className = "weekday";
      cell.textContent = name;
      grid.append(cell);
    }
    const lead = (first.getUTCDay() + 6) % 7;
    for (let i = 0; i < lead; i++) grid.append(document.createElement("span"));
    for (let d = 1; d <= days; d++) {
      const key = `${year}-${pad(month + 1)}-${pad(d)}`;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = String(d);
      button.dataset["day"] = key;
      button.disabled = !recorded.has(key);
      button.setAttribute("aria-label", `${key} UTC${button.disabled ? ", nothing recorded" : ", recorded"}`);
      button.addEventListener("click", () => {
        this.close();
        this.picked(Date.UTC(year, month, d));
      });
      grid.append(button);
    }
    this.panel.replaceChildren(header, grid);
    (grid.querySelector<HTMLButtonElement>("button:not([disabled])") ?? header.querySelector("button"))?.focus();
  }

  private navButton(text: string, label: string, delta: number): HTMLButtonElement {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", () => {
      const d = new Date(this.month);
      this.month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1);
      void this.render();
    });
    return button;
  }
}

/** The days of calendar ranges such as 2026-11-05..2026-11-07, both ends included. */
function daysOf(answer: CalendarAvailability): Set<string> {
  const result = new Set<string>();
  for (const range of answer.timeRanges) {
    for (let t = Date.parse(`${range.start}T00:00:00Z`); t <= Date.parse(`${range.end}T00:00:00Z`); t += day) {
      result.add(new Date(t).toISOString().slice(0, 10));
    }
  }
  return result;
}
