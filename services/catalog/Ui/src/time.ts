// Every time the page shows is labelled with its zone: UTC, or the browser's own.

export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;
export const day = 24 * hour;

/** The browser's zone, e.g. "Europe/Berlin". */
export const localZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone || "local";

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** 2026-12-02 01:30:05 UTC (with .123 when asked). */
export function utcText(t: number, millis = false): string {
  const d = new Date(t);
  const ms = millis ? `.${pad(d.getUTCMilliseconds(), 3)}` : "";
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms} UTC`;
}

/** 2026-12-02 02:30:05 Europe/Berlin (UTC+01:00). */
export function localText(t: number, millis = false): string {
  const d = new Date(t);
  const ms = millis ? `.${pad(d.getMilliseconds(), 3)}` : "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms} ${localZone} (${offsetText(t)})`;
}

/** UTC+01:00 for the browser's zone at t. */
export function offsetText(t: number): string {
  const offset = -new Date(t).getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** 20261202T013005Z: for file names. */
export function compactUtc(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

export const iso = (t: number): string => new Date(t).toISOString();

/** 1 h 05 min, 42 s, 1.5 s. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(Math.floor(s % 60))} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** 12.3 MB. */
export function bytesText(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

export const startOfUtcDay = (t: number): number => Math.floor(t / day) * day;
