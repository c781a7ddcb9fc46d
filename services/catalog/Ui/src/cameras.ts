import { allPages, getJson, Unauthorized } from "./api.js";
import { reasonLook } from "./gap-reasons.js";
import { bytesText, durationText, utcText } from "./time.js";
import type { AssetView, CacheStatus, GraphInstance } from "./types.js";

/** A camera as the page lists it: its asset (if it recorded anything), its instance and its cache. */
export interface Camera {
  key: string;
  asset: AssetView | undefined;
  instance: GraphInstance | undefined;
  cache: CacheStatus | undefined;
}

export interface LiveState {
  text: string;
  tone: "ok" | "warn" | "bad" | "idle";
}

/** Assets, graph instances and caches, joined by stream id (an instance's name is its stream's id). */
export async function loadCameras(): Promise<{ cameras: Camera[]; problems: string[] }> {
  const problems: string[] = [];
  const settle = async <T>(what: string, load: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await load();
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return empty;
    }
  };
  const [assets, instances, caches] = await Promise.all([
    settle("assets", async () => (await allPages<{ value: AssetView[]; "@nextLink"?: string }>("api/assets")).flatMap((p) => p.value), []),
    settle("graph instances", async () => (await getJson<{ value: GraphInstance[] }>("api/graphInstances")).value, []),
    settle("cache", async () => (await getJson<{ value: CacheStatus[] }>("api/cache")).value, []),
  ]);
  const cameras = new Map<string, Camera>();
  for (const asset of assets) {
    cameras.set(asset.streamId ?? `asset:${asset.name}`, { key: asset.name, asset, instance: undefined, cache: undefined });
  }
  for (const instance of instances) {
    const camera = cameras.get(instance.name);
    if (camera) camera.instance = instance;
    else cameras.set(instance.name, { key: `instance:${instance.name}`, asset: undefined, instance, cache: undefined });
  }
  for (const cache of caches) {
    const camera = cameras.get(cache.streamId);
    if (camera) camera.cache = cache;
  }
  return { cameras: [...cameras.values()].sort((a, b) => label(a).localeCompare(label(b))), problems };
}

export const label = (camera: Camera): string => camera.instance?.name ?? camera.asset?.name ?? camera.key;

/** What the recorder is doing: recording, reconnecting and why, credentials refused, disk full. */
export function liveState(camera: Camera): LiveState {
  const instance = camera.instance;
  if (!instance) return { text: "no graph instance (recorded media only)", tone: "idle" };
  if (instance.properties.state !== "Active") return { text: `${(instance.properties.state ?? "inactive").toLowerCase()}: not recording`, tone: "idle" };
  const status = instance.properties.recording;
  if (!status) return { text: "starting", tone: "warn" };
  if (status.connection === "Connected") return { text: `recording${status.media ? ` ${status.media}` : ""}`, tone: "ok" };
  const reason = status.lastDisconnectReason;
  const next = status.nextAttemptAt ? `; next attempt ${utcText(Date.parse(status.nextAttemptAt))}` : "";
  const detail = status.lastDisconnectDetail ? ` (${status.lastDisconnectDetail})` : "";
  if (reason === "CredentialsRefused") return { text: `credentials refused: check the camera's user and password${next}`, tone: "bad" };
  if (reason === "DiskFull") return { text: `disk full: recording resumes when space returns${next}`, tone: "bad" };
  if (status.connection === "Stopped") return { text: "stopped", tone: "idle" };
  const why = reason ? `: ${reasonLook(reason).words}${detail}` : "";
  const failures = status.consecutiveFailures > 0 ? `, ${status.consecutiveFailures} failed attempts` : "";
  return { text: `${status.connection.toLowerCase()}${why}${failures}${next}`, tone: "warn" };
}

/** Cache headroom and upload backlog, from /api/cache. */
export function cacheText(cache: CacheStatus | undefined): string {
  if (!cache) return "no cache status";
  const used = cache.capacityBytes > 0 ? Math.round((100 * cache.usedBytes) / cache.capacityBytes) : 0;
  const headroom = cache.outageHeadroomSeconds == null ? "headroom unknown yet" : `absorbs a ${durationText(cache.outageHeadroomSeconds * 1000)} store outage`;
  const backlog = cache.pendingUploadSegments === 0 ? "nothing waiting for upload" : `${cache.pendingUploadSegments} segment${cache.pendingUploadSegments === 1 ? "" : "s"} (${bytesText(cache.pendingUploadBytes)}) waiting for upload`;
  const evicted = cache.evictedSegments > 0 ? `; ${cache.evictedSegments} segment${cache.evictedSegments === 1 ? "" : "s"} dropped unuploaded` : "";
  return `cache ${used}% of ${bytesText(cache.capacityBytes)} used, ${headroom}; ${backlog}${evicted}`;
}
