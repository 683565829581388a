/**
 * The `/demo/` page in a real headless Chromium against the real demo system: a newcomer picks an
 * unbound resident, binds with the code on their slip in the group, votes, sees the receipt privately
 * and the group's count move, and asks 进度.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Json } from '../support/http.js';
import { demoDbName, demoFetch, startDemo, type DemoSystem } from '../demo/demo-system.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let demo: DemoSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  demo = await startDemo(demoDbName('demo_page'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The resident entry of `room` in the left column (the first owner of the flat). */
const residentOf = (room: string) => page.locator(`#residents li[data-room="${room}"]`).first();

describe('the /demo/ page', () => {
  let resident: Json;

  beforeAll(async () => {
    const { body } = await demoFetch(demo.system, '/demo/api/state');
    resident = body.residents.find((r: Json) => r.room === '102');
    expect(resident).toMatchObject({ bound: false, voted: false });
  });

  it('shows the intro, the residents with 未绑定 and their codes, the tenant and the committee', async () => {
    await page.goto(`${demo.system.url}/demo/`);
    await expect(page.locator('#intro').textContent()).resolves.toContain('绑定');
    await residentOf('102').waitFor();
    const text = await residentOf('102').textContent();
    expect(text).toContain('102 张建国');
    expect(text).toContain('未绑定');
    expect(text).toContain(resident.bindingCode);
    expect(await residentOf('201').textContent()).toMatch(/已绑定.*已表决/);
    expect(await page.locator('#strangers').textContent()).toContain('马小军');
    expect(await page.locator('#committee').textContent()).toContain('沈丽萍');
    // A string expression: the test compiles without the DOM's types.
    const fontSize = await page.evaluate<string>('getComputedStyle(document.body).fontSize');
    expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(18);
  });

  it('binds the picked resident with 绑定 <code> typed in the group and Enter', async () => {
    await residentOf('102').locator('button').click();
    await expect(page.locator('#speaker').textContent()).resolves.toContain('102 张建国');
    await page.locator('#target-group').check();
    await page.locator('#input').fill(`绑定 ${resident.bindingCode}`);
    await page.locator('#input').press('Enter');
    await page.locator('#group-log li', { hasText: `绑定 ${resident.bindingCode}` }).waitFor();
    await page.locator('#group-log li.from-bot', { hasText: '102' }).first().waitFor();
    await residentOf('102').filter({ hasText: '已绑定' }).waitFor();
  });

  it('takes 1 as a vote: a private receipt, and the group’s count moves', async () => {
    const countBefore = await page.locator('#group-log li.from-bot', { hasText: '已表决' }).count();
    await page.locator('#input').fill('1');
    await page.locator('#input').press('Enter');
    const receipt = page.locator('#private-log li.from-bot', { hasText: '回执号' });
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('102 的表决已记录：同意');
    const notice = page.locator('#group-log li.from-bot', { hasText: '102 已表决' });
    await notice.waitFor();
    // Four flats had voted when the demo opened; 102 makes five.
    expect(await notice.textContent()).toContain('已表决 5 户，共 12 户');
    expect(await page.locator('#group-log li.from-bot', { hasText: '已表决' }).count()).toBe(countBefore + 1);
    await residentOf('102').filter({ hasText: '已表决' }).waitFor();
    // The bubble keeps the bot's line breaks.
    const lines = (await receipt.locator('.bubble').innerText()).split('\n');
    expect(lines.length).toBeGreaterThan(2);
  });

  it('answers 进度 in the group with the progress of the ballot', async () => {
    await page.locator('#quick button[data-say="进度"]').click();
    const progress = page.locator('#group-log li.from-bot', { hasText: '现在：「表决」阶段' });
    await progress.waitFor();
    expect(await progress.textContent()).toContain('共 12 户');
  });
});
