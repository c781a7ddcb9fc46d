import { forgetKey, storedKey, storeKey, Unauthorized } from "./api.js";
import { AssetViewer } from "./asset-view.js";
import { cacheText, label, liveState, loadCameras, type Camera } from "./cameras.js";
import { hour, localZone, offsetText } from "./time.js";
import type { Span } from "./types.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const refreshEvery = 5000;

let cameras: Camera[] = [];
let refreshTimer = 0;
const viewer = new AssetViewer((reason) => signOut(reason));

function signOut(reason: string): void {
  forgetKey();
  window.clearInterval(refreshTimer);
  $("app").hidden = true;
  $("signout").hidden = true;
  $("signin").hidden = false;
  $("signinError").textContent = reason;
  $("key").focus();
}

async function start(): Promise<void> {
  if (!storedKey()) {
    signOut("");
    return;
  }
  $("signin").hidden = true;
  $("app").hidden = false;
  $("signout").hidden = false;
  if (await refreshCameras()) {
    openLinked();
    window.clearInterval(refreshTimer);
    refreshTimer = window.setInterval(() => void refreshCameras().then(() => viewer.refresh()), refreshEvery);
  }
}

/** Reloads cameras, states and caches; false when the key was refused. */
async function refreshCameras(): Promise<boolean> {
  try {
    const loaded = await loadCameras();
    cameras = loaded.cameras;
    $("problems").textContent = loaded.problems.length > 0 ? `Could not load ${loaded.problems.join("; ")}` : "";
    renderCameras();
    return true;
  } catch (error) {
    if (error instanceof Unauthorized) {
      signOut(error.message);
      return false;
    }
    $("problems").textContent = error instanceof Error ? error.message : String(error);
    return true;
  }
}

function renderCameras(): void {
  const body = $<HTMLTableElement>("assets").tBodies[0]!;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset["camera"] : undefined;
  while (body.rows.length > 1) body.deleteRow(1);
  for (const camera of cameras) {
    const row = body.insertRow();
    row.classList.toggle("selected", camera.asset?.name === viewer.selectedAsset);
    const name = row.insertCell();
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label(camera);
    button.dataset["camera"] = camera.key;
    button.disabled = !camera.asset;
    button.title = camera.asset ? `show the recordings of ${camera.asset.name}` : "nothing recorded yet";
    button.addEventListener("click", () => select(camera));
    name.append(button);
    const state = liveState(camera);
    const cell = row.insertCell();
    const text = document.createElement("span");
    text.className = `state ${state.tone}`;
    text.textContent = state.text;
    const cache = document.createElement("span");
    cache.className = "cache";
    cache.textContent = cacheText(camera.cache);
    cell.append(text, cache);
    if (focused === camera.key) button.focus();
  }
  $("noCameras").hidden = cameras.length > 0;
}

function select(camera: Camera, view?: Span): void {
  if (!camera.asset) return;
  viewer.show(camera.asset, view);
  renderCameras();
}

/** #asset=NAME&start=ISO&end=ISO opens that view; #play=NAME plays the asset's last hour (older links). */
function openLinked(): void {
  const link = new URLSearchParams(location.hash.slice(1));
  const named = link.get("asset") ?? link.get("play");
  const camera = cameras.find((c) => c.asset && c.asset.name === named) ?? (viewer.selectedAsset ? undefined : cameras.find((c) => c.asset));
  if (!camera) return;
  const start = Date.parse(link.get("start") ?? "");
  const end = Date.parse(link.get("end") ?? "");
  select(camera, Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : undefined);
  if (link.get("play")) void play(link.get("play")!);
}

/** Plays the asset's last hour of media from its start (also what tests and old links call). */
async function play(asset: string): Promise<void> {
  const camera = cameras.find((c) => c.asset?.name === asset);
  if (!camera?.asset) {
    $("now").textContent = `no asset named ${asset}`;
    return;
  }
  select(camera);
  const end = camera.asset.end ? Date.parse(camera.asset.end) : Date.now();
  const first = camera.asset.start ? Date.parse(camera.asset.start) : end - hour;
  await viewer.playAt(Math.max(first, end - hour));
}

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  const key = $<HTMLInputElement>("key");
  storeKey(key.value.trim());
  key.value = "";
  void start();
});
$("signout").addEventListener("click", () => signOut(""));
$("booting").hidden = true;
$("zones").textContent = `Times in UTC and in ${localZone} (${offsetText(Date.now())})`;
$("localZoneOption").textContent = `${localZone}`;
(window as unknown as { play: (asset: string) => Promise<void> }).play = play;
void start();
