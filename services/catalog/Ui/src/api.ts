// Every request for data carries the key in a header; the key lives in sessionStorage (this tab only).

const keyName = "cvr.key";

/** The key was refused (401): the page goes back to sign-in. */
export class Unauthorized extends Error {
  constructor() {
    super("the key was not accepted");
  }
}

/** An answer other than 2xx, with the API's own words (ProblemDetails' detail or title). */
export class ApiError extends Error {
  /** problem: whether the API answered in its own words (a ProblemDetails body), not just a status (no such route). */
  constructor(readonly status: number, message: string, readonly problem: boolean) {
    super(message);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(keyName);
export const storeKey = (key: string): void => sessionStorage.setItem(keyName, key);
export const forgetKey = (): void => sessionStorage.removeItem(keyName);

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${storedKey() ?? ""}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  if (!response.ok) {
    const { text, problem } = await problemText(response);
    throw new ApiError(response.status, text, problem);
  }
  return response;
}

export async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await api(path, init)).json()) as T;
}

/** Every page of a listing: the first at path, the rest behind @nextLink. */
export async function allPages<T extends { "@nextLink"?: string }>(path: string, signal?: AbortSignal): Promise<T[]> {
  const pages: T[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const page: T = await getJson<T>(next, signal ? { signal } : {});
    pages.push(page);
    next = page["@nextLink"];
  }
  return pages;
}

export const assetPath = (asset: string, rest: string): string => `api/assets/${encodeURIComponent(asset)}/${rest}`;

async function problemText(response: Response): Promise<{ text: string; problem: boolean }> {
  const body = await response.text();
  try {
    const problem = JSON.parse(body) as { detail?: string; title?: string; errors?: Record<string, string[]> };
    const errors = problem.errors ? Object.values(problem.errors).flat().join(" ") : "";
    return { text: `${response.status}: ${problem.detail || errors || problem.title || response.statusText}`, problem: true };
  } catch {
    return { text: `${response.status} ${response.statusText}${body ? `: ${body.slice(0, 200)}` : ""}`, problem: false };
  }
}
