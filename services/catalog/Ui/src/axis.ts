import { day, hour, minute, second } from "./time.js";

/** The zone the axis labels its ticks in. */
export type AxisZone = "utc" | "local";

export interface Tick {
  t: number;
  label: string;
  major: boolean;
}

const steps = [
  10 * second, 30 * second, minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
  hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day,
];

const pad = (n: number): string => String(n).padStart(2, "0");

/** The offset of the zone from UTC at t, in ms (what to add to UTC to read the zone's clock). */
const offsetAt = (zone: AxisZone, t: number): number => (zone === "utc" ? 0 : -new Date(t).getTimezoneOffset() * minute);

/**
 * Ticks at round times of the zone's clock, about one per `spacingPx`: labels show the time of day, and
 * the date where a day begins (a major tick).
 */
export function ticks(start: number, end: number, widthPx: number, zone: AxisZone, spacingPx = 90): Tick[] {
  const wanted = ((end - start) / Math.max(widthPx, 1)) * spacingPx;
  const step = steps.find((s) => s >= wanted) ?? day;
  const result: Tick[] = [];
  const offset = offsetAt(zone, start);
  for (let clock = Math.ceil((start + offset) / step) * step; clock - offset <= end; clock += step) {
    const t = clock - offset;
    const d = new Date(clock);
    const major = clock % day === 0;
    const time = step < minute ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const label = major || step >= day ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : time;
    result.push({ t, label, major });
  }
  return result;
}
