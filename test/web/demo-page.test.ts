/**
 * The `/demo/` page in a real headless Chromium against the real demo system: it opens on what the
 * demo's neighbours already said and the bot answered, fits a phone, and a newcomer picks an unbound
 * resident, binds with the code on their slip in the group, votes, sees the receipt privately and the
 * group's count move, and asks 进度.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/** The texts of a chat's bubbles on `on`, in the order shown. */
const bubbles = (on: Page, log: 'group-log' | 'private-log') =>
  on.locator(`#${log} li .bubble`).allInnerTexts();

describe('the /demo/ page as it opens', () => {
  it('shows the group’s history from the server: bound, the plan announced, six bindings, four votes', async () => {
    await page.goto(`${demo.system.url}/demo/`);
    const lastVote = page.locator('#group-log li.from-bot', { hasText: '401 已表决' });
    await lastVote.waitFor();
    const shown = await bubbles(page, 'group-log');
    // Not a word of it is in the page: it is the transcript the seed's chat left, line for line.
    const { body: lines } = await demoFetch(demo.system, '/demo/api/messages');
    expect(shown).toEqual((lines as Json[]).filter((l) => l.to === 'group').map((l) => l.text));
    const order = [
      '本群已绑定',
      '加装电梯方案第 1 版已发布',
      ...['201', '301', '401', '501', '502', '601'].map((room) => `${room} 已绑定`),
      '201 已表决',
      '501 已表决',
      '601 纸质表决已录入',
      '401 已表决',
    ].map((text) => shown.findIndex((bubble) => bubble.startsWith(text)));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await lastVote.textContent()).toContain('已表决 4 户，共 12 户');
    // Who said it, and when in Hangzhou: T0 is 10:00 there, on a day that is not today.
    const said = page.locator('#group-log li', { hasText: '同意' }).first();
    expect(await said.locator('.who').textContent()).toMatch(/^201 \S+3月3日 10:00$/);
  });

  it('shows a seeded neighbour’s private chat: their code, the binding, the share and the vote’s receipt', async () => {
    await residentOf('201').locator('button').click();
    await page.locator('#private-log li.from-bot', { hasText: '201 的表决已记录' }).waitFor();
    const shown = await bubbles(page, 'private-log');
    expect(shown).toEqual([
      expect.stringMatching(/绑定 [0-9A-Z]{8}/),
      expect.stringContaining('绑定成功：您是 201 的业主'),
      expect.stringContaining('您家 201 在方案第 1 版里的分摊'),
      expect.stringContaining('201 的表决已记录：同意'),
    ]);
  });

  describe('on a 390 × 844 phone', () => {
    let phone: BrowserContext;
    let small: Page;
    beforeAll(async () => {
      // Another zone than the unit's: the page still shows Hangzhou's time.
      phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'America/New_York',
      });
      small = await phone.newPage();
      small.setDefaultTimeout(15_000);
    });
    afterAll(() => phone?.close());

    const scrollWidth = () => small.evaluate<number>('document.scrollingElement.scrollWidth');

    it('fits the screen with no sideways scroll, readable text and the history in the group', async () => {
      await small.goto(`${demo.system.url}/demo/`);
      await small.locator('#group-log li.from-bot', { hasText: '401 已表决' }).waitFor();
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      const fontSize = await small.evaluate<string>('getComputedStyle(document.body).fontSize');
      expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(16);
      const said = small.locator('#group-log li', { hasText: '同意' }).first();
      expect(await said.locator('time').textContent()).toBe('3月3日 10:00');
    });

    it('keeps the input and the send button on the screen once someone is picked, and sends', async () => {
      await small.locator('#residents li[data-room="302"] button').first().click();
      await small.locator('#quick button[data-say="进度"]').waitFor();
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      for (const id of ['#input', '#send']) {
        const box = (await small.locator(id).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        expect(box.y + box.height).toBeLessThanOrEqual(844);
      }
      expect((await small.locator('#input').boundingBox())!.width).toBeGreaterThanOrEqual(150);
      await small.locator('#target-bot').check();
      await small.locator('#input').fill('进度');
      await small.locator('#send').click();
      // 302 is not bound yet: the bot answers privately all the same (how to bind).
      await small.locator('#private-log li', { hasText: '进度' }).waitFor();
      await small.locator('#private-log li.from-bot').first().waitFor();
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
    });
  });
});

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

  it('binds the picked resident with 绑定 <code> said privately and Enter; the group hears the room only', async () => {
    await residentOf('102').locator('button').click();
    await expect(page.locator('#speaker').textContent()).resolves.toContain('102 张建国');
    await page.locator('#target-bot').check();
    await page.locator('#input').fill(`绑定 ${resident.bindingCode}`);
    await page.locator('#input').press('Enter');
    await page.locator('#private-log li', { hasText: `绑定 ${resident.bindingCode}` }).waitFor();
    await page.locator('#private-log li.from-bot', { hasText: '绑定成功' }).first().waitFor();
    await page.locator('#group-log li.from-bot', { hasText: '102 已绑定' }).first().waitFor();
    expect(await page.locator('#group-log').textContent()).not.toContain(resident.bindingCode);
    await page.locator('#target-group').check();
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
