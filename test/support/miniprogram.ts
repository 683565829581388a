/**
 * Runs the resident's mini-program in tests as a phone would, against a real server: its pages built
 * from `miniprogram-stub/src` for the server's address, rendered by miniprogram-simulate (j-component)
 * into a jsdom document, and `wx.request` bridged to that server over HTTP. The phone's storage is a
 * map; navigation is recorded (a test opens the page a tap asked for). Nothing answers for the API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMiniprogram } from '../../scripts/build-miniprogram.js';

/** A rendered element or page, as j-component gives it. */
export interface Rendered {
  readonly dom: { readonly textContent: string | null; readonly innerHTML: string };
  readonly instance: { data: Record<string, unknown> } & Record<string, unknown>;
  dispatchEvent(name: string, options?: unknown): void;
  querySelector(selector: string): Rendered | undefined;
  querySelectorAll(selector: string): Rendered[];
  attach(parent: unknown): void;
  detach(): void;
}

/** What the harness uses of a jsdom instance. */
interface Dom {
  readonly window: {
    readonly Event: unknown;
    readonly CustomEvent: unknown;
    readonly document: { createElement(tag: string): unknown };
    close(): void;
  };
}

interface Simulate {
  load(path: string, options: { compiler: 'simulate'; rootPath: string }): string;
  render(id: string): Rendered;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wx = Record<string, any>;

export interface Phone {
  /** The URLs the pages navigated to, latest last. */
  readonly visits: string[];
  /**
   * What the resident taps in `wx.requestSubscribeMessage`'s sheet, for the templates asked: `accept`
   * (允许) or `reject` (取消) for each. Unset: every one rejected.
   */
  answerSubscribe: (tmplIds: readonly string[]) => Record<string, string>;
  readonly storage: Map<string, unknown>;
  /** Opens a page (`/pages/vote/index?ballotId=…`): renders it and runs its `onLoad`. */
  open(url: string): Promise<Rendered>;
  /** Opens the page the last navigation asked for. */
  follow(): Promise<Rendered>;
  close(): void;
}

/**
 * Installs jsdom's DOM as globals, keeping Node's own where both have one (fetch runs on those) but
 * the events j-component dispatches into jsdom's elements.
 */
async function installDom(): Promise<Dom> {
  // Typed here, not through @types/jsdom: that one brings the DOM's lib into every file's fetch types.
  const { JSDOM } = (await import('jsdom' as string)) as {
    JSDOM: new (html: string, options: { pretendToBeVisual: boolean }) => Dom;
  };
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const globals = globalThis as unknown as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in globals || key.startsWith('_')) continue;
    try {
      globals[key] = window[key];
    } catch {
      // A read-only property of the window: not needed.
    }
  }
  globals.Event = dom.window.Event;
  globals.CustomEvent = dom.window.CustomEvent;
  globals.window = dom.window;
  globals.document = dom.window.document;
  return dom;
}

/** Waits until the page is no longer busy (its async handler finished) and the DOM has settled. */
export async function settle(page: Rendered): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (page.instance.data.busy !== true) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The text of the element `selector` on `page` ('' when it is not shown). */
export function text(page: Rendered, selector: string): string {
  return page.querySelector(selector)?.dom.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Taps `selector` (its `data-*` included, as WeChat passes them) and waits for the page to settle. */
export async function tap(page: Rendered, selector: string): Promise<void> {
  const element = page.querySelector(selector);
  if (element === undefined) throw new Error(`nothing to tap at ${selector}: ${page.dom.textContent}`);
  element.dispatchEvent('tap');
  await settle(page);
}

/** Types `value` into the input or textarea `selector`. */
export async function type(page: Rendered, selector: string, value: string): Promise<void> {
  const element = page.querySelector(selector);
  if (element === undefined) throw new Error(`no input at ${selector}`);
  element.dispatchEvent('input', { detail: { value } });
  await settle(page);
}

/** Builds the pages for `apiUrl` and returns a phone to open them on. */
export async function startPhone(apiUrl: string): Promise<Phone> {
  const outDir = mkdtempSync(join(tmpdir(), 'jiati-miniprogram-'));
  buildMiniprogram({ outDir, apiBaseUrl: apiUrl });
  const dom = await installDom();
  const simulate = ((await import('miniprogram-simulate')) as unknown as { default: Simulate }).default;
  const wx = (globalThis as unknown as { wx: Wx }).wx;
  const visits: string[] = [];
  const storage = new Map<string, unknown>();
  const pages: Rendered[] = [];
  const loaded = new Map<string, string>();

  // The phone's network: wx.request over real HTTP, answered by the server under test.
  wx.request = (options: Wx) => {
    const headers: Record<string, string> = { ...(options.header ?? {}) };
    const body = options.data === undefined ? undefined : JSON.stringify(options.data);
    fetch(options.url, { method: options.method ?? 'GET', headers, body }).then(
      async (response) => {
        const raw = await response.text();
        let data: unknown = raw;
        try {
          data = raw === '' ? '' : JSON.parse(raw);
        } catch {
          // WeChat hands a body that is not JSON over as text.
        }
        options.success?.({ statusCode: response.status, data, header: {} });
        options.complete?.({});
      },
      () => {
        options.fail?.({ errMsg: 'request:fail' });
        options.complete?.({});
      },
    );
    return { abort() {} };
  };
  wx.getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '');
  wx.setStorageSync = (key: string, value: unknown) => void storage.set(key, value);
  wx.removeStorageSync = (key: string) => void storage.delete(key);
  const record = (options: Wx) => {
    visits.push(String(options.url));
    options.success?.({ errMsg: 'ok' });
  };
  wx.navigateTo = record;
  wx.reLaunch = record;
  wx.redirectTo = record;
  // WeChat's sheet asking to allow subscription messages: answered as the test says the resident taps.
  const phone = {
    answerSubscribe: (tmplIds: readonly string[]) => Object.fromEntries(tmplIds.map((id) => [id, 'reject'])),
  };
  wx.requestSubscribeMessage = (options: Wx) => {
    const tmplIds = (options.tmplIds ?? []) as string[];
    setTimeout(() => {
      options.success?.({ errMsg: 'requestSubscribeMessage:ok', ...phone.answerSubscribe(tmplIds) });
      options.complete?.({});
    }, 0);
  };

  const open = async (url: string): Promise<Rendered> => {
    const [path = '', search = ''] = url.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    // A page is loaded once (jest keeps the module its JS registered); each open renders it anew.
    const id =
      loaded.get(path) ?? simulate.load(join(outDir, path), { compiler: 'simulate', rootPath: outDir });
    loaded.set(path, id);
    const page = simulate.render(id);
    page.attach(dom.window.document.createElement('parent-wrapper'));
    pages.push(page);
    await (page.instance.onLoad as (q: Record<string, string>) => Promise<void> | void)(query);
    await settle(page);
    return page;
  };

  return {
    visits,
    get answerSubscribe() {
      return phone.answerSubscribe;
    },
    set answerSubscribe(answer) {
      phone.answerSubscribe = answer;
    },
    storage,
    open,
    follow() {
      const last = visits[visits.length - 1];
      if (last === undefined) throw new Error('no page was asked for');
      return open(last);
    },
    close() {
      for (const page of pages) page.detach();
      dom.window.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
