/**
 * The API reference page (`/api/docs`) in a real headless Chromium against the real system: it loads
 * Swagger UI from this server alone, reads `/api/v1/openapi.json`, shows every operation, and a
 * reader can try one out from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApi, type Json, type TestApi } from '../support/http.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let api: TestApi;
let browser: Browser;
let page: Page;
/** Every URL the page asked for, and what the console reported as an error. */
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('request', (request) => void requested.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => void consoleErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('the /api/docs page', () => {
  it('shows every operation of the document, loading nothing from another host', async () => {
    const { body: doc } = await api.get('/api/v1/openapi.json', { token: null });
    const count = Object.values(doc.paths as Record<string, Json>).reduce(
      (sum, item) => sum + Object.keys(item).length,
      0,
    );
    await page.goto(`${api.url}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBe(count);
    expect(await page.locator('.info .title').textContent()).toContain('Jiati');
    expect(requested).toContain(`${api.url}/api/v1/openapi.json`);
    expect(requested.filter((url) => !url.startsWith(`${api.url}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('tries a public operation out from the page and shows the server’s answer', async () => {
    const health = page.locator('#operations-public-getHealthz');
    await health.locator('.opblock-summary').click();
    await health.locator('button.try-out__btn').click();
    await health.locator('button.execute').click();
    const status = health.locator('.live-responses-table tr.response .response-col_status');
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    expect(await health.locator('.live-responses-table .microlight').first().textContent()).toContain(
      '"status"',
    );
    expect(requested).toContain(`${api.url}/healthz`);
    expect(consoleErrors).toEqual([]);
  });
});
