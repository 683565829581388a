/**
 * The console's one way to the server: the public v1 API over `fetch`, same origin, with the bearer
 * token of the session. A refusal is an {@link ApiError} carrying the API's plain-Chinese `message`
 * (what the person reads), its stable `code` and `details`. A 401 ends the session: the token was
 * revoked, has expired, or was never right.
 */
import { endSession, session } from './session';

const BASE = '/api/v1';

/** A refused request: `{ ok: false, error, message, details }` as the API answers it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a person reads for any failure: the API's own sentence, or a plain one when there is none. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '连接服务器失败，请检查网络后再试。';
}

export interface RequestOptions {
  /** A JSON body (sent as `application/json`). */
  json?: unknown;
  /** A file's bytes, sent as they are with `type` (a roster import). */
  file?: { body: Blob; type: string };
  query?: Record<string, string | number | undefined>;
  /** Sign in with this token instead of the session's (the sign-in screen checks one with `GET /me`). */
  token?: string;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${BASE}${path}${search === '' ? '' : `?${search}`}`;
}

/** Calls the API; the parsed JSON body of a 2xx answer (undefined for 204), or throws {@link ApiError}. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? session.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.file !== undefined) {
    headers['content-type'] = options.file.type;
    body = options.file.body;
  }
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), { method, headers, body, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network_error', '连接服务器失败，请检查网络后再试。');
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return parsed as T;
  const refusal = (parsed ?? {}) as { error?: string; message?: string; details?: Record<string, unknown> };
  const error = new ApiError(
    response.status,
    refusal.error ?? 'unknown',
    refusal.message ?? `服务器没有完成这个操作（${response.status}），请稍后再试。`,
    refusal.details ?? {},
  );
  if (response.status === 401 && options.token === undefined) endSession();
  throw error;
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options);
export const post = <T>(path: string, json: unknown, options?: RequestOptions) =>
  request<T>('POST', path, { ...options, json });

/**
 * Every item of a list, whichever way the API answers it: pages of `{ items, nextCursor }` followed
 * to the last, or a whole list under `key` (`{ plans: [...] }`, as older servers answer); and what the
 * first answer says beside the list (`context`: an objection list's publicity period…).
 */
export async function getList<T, C = Record<string, unknown>>(
  path: string,
  key: string,
): Promise<{ context: C; items: T[] }> {
  const items: T[] = [];
  let context: C | undefined;
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const body = await get<Record<string, unknown>>(path, { query: { limit: 200, cursor } });
    context ??= body as C;
    if (!Array.isArray(body.items)) return { context, items: (body[key] as T[] | undefined) ?? [] };
    items.push(...(body.items as T[]));
    if (typeof body.nextCursor !== 'string') break;
    cursor = body.nextCursor;
  }
  return { context: context as C, items };
}

/** Every item of a list (see {@link getList}). */
export async function getAll<T>(path: string, key: string): Promise<T[]> {
  return (await getList<T>(path, key)).items;
}

/** The file name a download's `Content-Disposition` gives (its UTF-8 `filename*` first). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8?.[1] !== undefined) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // Not percent-encoding after all: the plain name below.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a file the API makes (a roster spreadsheet, a ballot record; with `POST`, one it makes by
 * acting, as the binding-code slips): asked with the session's token like every call, then handed to
 * the browser to save under the name the server gives it.
 */
export async function download(
  path: string,
  fallbackName: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network_error', '连接服务器失败，请检查网络后再试。');
  }
  if (!response.ok) {
    const refusal = ((await response.json().catch(() => null)) ?? {}) as { error?: string; message?: string };
    if (response.status === 401) endSession();
    throw new ApiError(
      response.status,
      refusal.error ?? 'unknown',
      refusal.message ?? '文件没有生成，请稍后再试。',
    );
  }
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
