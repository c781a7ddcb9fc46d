// hls.js is loaded as a classic script (ui/hls.min.js, from npm, built into the catalog): the little of
// its API the page uses.

interface HlsErrorData {
  fatal: boolean;
  type: string;
  details: string;
}

declare class Hls {
  static isSupported(): boolean;
  static readonly Events: { readonly ERROR: "hlsError" };
  constructor(config?: { enableWorker?: boolean; startPosition?: number; maxBufferLength?: number });
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  on(event: "hlsError", handler: (event: string, data: HlsErrorData) => void): void;
  destroy(): void;
}
