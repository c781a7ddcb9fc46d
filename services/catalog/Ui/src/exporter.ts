import { api, ApiError, assetPath, getJson } from "./api.js";
import { compactUtc, durationText, iso, minute, utcText } from "./time.js";
import type { ExportJob, Span } from "./types.js";

/** Spans up to this long are cut on request (clip.mp4) unless asked otherwise; longer ones run as an export job. */
export const directLimit = 5 * minute;

/**
 * Exports a span of an asset as an MP4 download: clip.mp4 for short spans, an export job (progress,
 * then its file) for long ones or when asked, falling back to clip.mp4 where the catalog has no jobs.
 */
export class Exporter {
  constructor(private readonly progress: HTMLProgressElement, private readonly say: (message: string) => void) {}

  async export(asset: string, span: Span, skipGaps: boolean, asJob: boolean): Promise<void> {
    const gaps = skipGaps ? "skip" : "refuse";
    const what = `${utcText(span.start)} to ${utcText(span.end)} (${durationText(span.end - span.start)}${skipGaps ? ", gaps left out" : ""})`;
    const name = `${asset}_${compactUtc(span.start)}.mp4`;
    this.progress.hidden = false;
    this.progress.value = 0;
    try {
      let file = assetPath(asset, `clip.mp4?start=${encodeURIComponent(iso(span.start))}&end=${encodeURIComponent(iso(span.end))}${skipGaps ? "&gaps=skip" : ""}`);
      if (asJob) {
        file = (await this.runJob(asset, span, gaps, what)) ?? file;
      }
      this.say(`downloading ${what}…`);
      save(await this.download(file), name);
      this.say(`exported ${what} as ${name}`);
    } finally {
      this.progress.hidden = true;
    }
  }

  /** The job's result file, or null when this catalog has no export jobs (then clip.mp4 serves). */
  private async runJob(asset: string, span: Span, gaps: string, what: string): Promise<string | null> {
    let job: ExportJob;
    try {
      job = await getJson<ExportJob>(assetPath(asset, "exports"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start: iso(span.start), end: iso(span.end), gaps }),
      });
    } catch (error) {
      if (error instanceof ApiError && !error.problem && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
    while (job.state === "queued" || job.state === "running") {
      this.progress.value = job.progress;
      this.say(`preparing ${what}: ${job.state}, ${Math.round(job.progress * 100)}%`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await getJson<ExportJob>(`api/exports/${encodeURIComponent(job.id)}`);
    }
    if (job.state !== "completed" || !job.file) throw new Error(`the export ${job.state}: ${job.error ?? "no file"}`);
    return job.file;
  }

  /** The file's bytes, read with the key header and shown on the progress bar as they arrive. */
  private async download(url: string): Promise<Blob> {
    const response = await api(url);
    const total = Number(response.headers.get("Content-Length") ?? "0");
    if (!response.body || total <= 0) return response.blob();
    const reader = response.body.getReader();
    const parts: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      this.progress.value = received / total;
    }
    return new Blob(parts as BlobPart[], { type: "video/mp4" });
  }
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
