// The shapes of the API answers the page reads (see README.md, "HTTP API").

export interface AssetView {
  name: string;
  streamId: string | null;
  segments: number;
  sizeBytes: number;
  start: string | null;
  end: string | null;
}

export interface MediaSummary {
  codecs?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface TimeRangeView {
  start: string;
  end: string;
  media?: MediaSummary | null;
}

export interface GapView {
  start: string;
  end: string;
  reason: string;
}

export interface AvailableMediaPage {
  timeRanges: TimeRangeView[];
  gaps: GapView[];
  "@nextLink"?: string;
}

export interface CalendarAvailability {
  timeRanges: { start: string; end: string }[];
}

export interface RecorderStatus {
  connection: string;
  since: string;
  sessionId?: string | null;
  lastDisconnectReason?: string | null;
  lastDisconnectDetail?: string | null;
  consecutiveFailures: number;
  nextAttemptAt?: string | null;
  media?: string | null;
}

export interface GraphInstance {
  name: string;
  properties: { topologyName?: string; state?: string; recording?: RecorderStatus };
}

export interface CacheStatus {
  streamId: string;
  capacityBytes: number;
  usedBytes: number;
  pendingUploadBytes: number;
  pendingUploadSegments: number;
  bitsPerSecond?: number | null;
  outageHeadroomSeconds?: number | null;
  evictedSegments: number;
  evictedBytes: number;
}

export interface ExportJob {
  id: string;
  state: "queued" | "running" | "completed" | "failed" | "expired";
  progress: number;
  error?: string | null;
  expiresAt?: string | null;
  file?: string | null;
}

/** A span of wall-clock time in milliseconds since the epoch (UTC), end excluded. */
export interface Span {
  start: number;
  end: number;
}

export interface RecordedRange extends Span {
  codecs: string | null;
}

export interface Gap extends Span {
  reason: string;
}
