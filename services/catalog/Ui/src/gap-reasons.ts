// Why nothing was recorded, as availableMedia names it: a colour and words for each reason.

interface ReasonLook {
  colour: string;
  words: string;
}

const reasons: Record<string, ReasonLook> = {
  CameraUnreachable: { colour: "#e8590c", words: "camera unreachable" },
  CameraTimeout: { colour: "#f59f00", words: "camera sent nothing" },
  CredentialsRefused: { colour: "#c92a2a", words: "credentials refused" },
  TlsRejected: { colour: "#a61e4d", words: "camera certificate rejected" },
  Stopped: { colour: "#868e96", words: "recording stopped" },
  IngestFailed: { colour: "#7048e8", words: "recorder failed" },
  IngestRestarted: { colour: "#9c36b5", words: "recorder restarted" },
  ClockJump: { colour: "#1c7ed6", words: "host clock jumped" },
  CameraClockStep: { colour: "#1971c2", words: "camera clock stepped" },
  CameraClockDrift: { colour: "#1864ab", words: "camera clock drifted" },
  DiskFull: { colour: "#5c0a0a", words: "disk full" },
  Evicted: { colour: "#212529", words: "dropped from the cache before upload" },
  StreamChanged: { colour: "#0c8599", words: "camera changed its stream" },
  UnsupportedCodec: { colour: "#8d6e63", words: "unsupported codec" },
  Unknown: { colour: "#ced4da", words: "unknown" },
};

export const recordedColour = "#2f9e44";

export function reasonLook(reason: string): ReasonLook {
  return reasons[reason] ?? { colour: "#adb5bd", words: reason };
}

/** The legend: recorded, then each gap reason present (all of them when none is). */
export function renderLegend(list: HTMLElement, present: ReadonlySet<string>): void {
  list.replaceChildren(item(recordedColour, "recorded"));
  const shown = present.size > 0 ? [...present].sort() : [];
  for (const reason of shown) {
    const look = reasonLook(reason);
    list.append(item(look.colour, `gap: ${look.words}`, reason));
  }
  if (shown.length === 0) {
    list.append(item("transparent", "no gaps in view"));
  }
}

function item(colour: string, words: string, reason?: string): HTMLElement {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = colour;
  li.append(swatch, words);
  if (reason !== undefined) {
    li.dataset["reason"] = reason;
    li.title = reason;
  }
  return li;
}
