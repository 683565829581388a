/**
 * The residents'-committee console (`/console/`) in a real headless Chromium against the real demo
 * system (the demo estate's unit with its ballot open, four votes in): a committee member signs in
 * with the token issued to her through the API, reads her community's units, opens one — its roster
 * with who is bound, the live tally with the four legal checks and exactly what is still missing —
 * enters a paper ballot and sees its receipt and the tally and the "still missing" line change,
 * simulates another cost scheme, imports a roster with two bad rows and reads both in the report,
 * and issues a token. Every screen is checked with axe-core (no serious or critical violation), the
 * browser's console stays free of errors, and nothing is asked of any other origin.
 * Screenshots go to test/artifacts/console/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Json } from '../support/http.js';
import { raiseAlert } from '../../commands/alerts.js';
import { endPublicity } from '../support/api-helpers.js';
import { FixedClock } from '../../lib/clock.js';
import { demoDbName, startDemo, type DemoSystem } from '../demo/demo-system.js';
import { readPdf } from '../support/documents.js';
import { T0 } from '../support/http.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ADMIN = 'jiati-demo-admin-token';
const UNIT = 'u_demoestateunitaa';
const COMMUNITY = 'pl_democommunitya';
const ARTIFACTS = path.resolve('test/artifacts/console');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The demo's clock: still at T0 (Monday 2025-03-03, 10:00 in Hangzhou) until a ballot has to end. */
const clock = new FixedClock(T0);
let demo: DemoSystem;
let browser: Browser;
let page: Page;
let committeeToken: string;
/** Console errors, uncaught errors and failed requests of the page, since the last check. */
const problems: string[] = [];
/** Requests the page made to any other origin than the app's. */
const foreign: string[] = [];

async function api(method: string, apiPath: string, body?: unknown, token = ADMIN): Promise<Json> {
  const response = await fetch(`${demo.system.url}/api/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  // The console as setup builds it (a no-op when the build matches its sources).
  execFileSync('bash', ['scripts/build-console.sh'], { stdio: 'inherit', timeout: 300_000 });
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo(demoDbName('console'), clock);
  const issued = await api('POST', '/tokens', {
    name: '沈丽萍',
    role: 'committee',
    scope: { kind: 'community', id: COMMUNITY },
    expiresInDays: 30,
  });
  expect(issued.status).toBe(201);
  committeeToken = issued.body.token;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  page.setDefaultTimeout(15_000);
  const origin = new URL(demo.system.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) foreign.push(url);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

afterEach(() => {
  // No screen may leave an error in the browser's console, nor reach beyond the app.
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
  expect(foreign).toEqual([]);
});

/** Runs axe-core on the page as it stands: no serious or critical violation. */
async function expectAccessible(screen: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate<Json[]>(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((results) => results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/**
 * Takes out of the recorded problems the browser's "Failed to load resource" line of each refusal
 * a step caused on purpose (a wrong token: 401; a roster with bad rows: 422), and only those.
 */
function expectRefusals(...statuses: number[]): void {
  for (const status of statuses) {
    const at = problems.findIndex((line) => line.includes(`status of ${status}`));
    expect(at).toBeGreaterThanOrEqual(0);
    problems.splice(at, 1);
  }
}

/** Saves the download a click starts, and its bytes. */
async function downloaded(
  click: () => Promise<void>,
  name: string,
): Promise<{ file: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const saved = path.join(ARTIFACTS, name);
  await file.saveAs(saved);
  return { file: file.suggestedFilename(), bytes: readFileSync(saved) };
}

/** The text of the element with `data-testid` `id`, whitespace collapsed. */
const textOf = async (id: string) =>
  ((await page.getByTestId(id).textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('the committee console', () => {
  it('signs a committee member in with her token, with the keyboard, and says who is signed in', async () => {
    await page.goto(`${demo.system.url}/console/`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expectAccessible('sign-in');
    // A wrong token: the API's own sentence, and still on the sign-in screen.
    await page.getByLabel('工作口令').fill('jt_not-a-token-at-all-00000000000000000000000');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/\S/);
    expectRefusals(401);
    await shot('01-sign-in-refused');
    // The keyboard alone: type the token, Enter.
    await page.getByLabel('工作口令').fill('');
    await page.getByLabel('工作口令').focus();
    await page.keyboard.type(committeeToken);
    await page.keyboard.press('Enter');
    await page.getByTestId('who').filter({ hasText: '居委会 · 演示新村社区' }).waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('jiati.console.token')")).toBe(
      committeeToken,
    );
  });

  it('opens on the community’s dashboard: units by stage (a chart and its numbers), stalled cases, disputes, deadlines', async () => {
    await page.getByRole('heading', { name: '看板' }).waitFor();
    const dashboard = await api('GET', '/dashboard', undefined, committeeToken);
    const board = page.getByTestId('board');
    await board.getByRole('heading', { name: '演示新村社区' }).waitFor();
    expect(await board.count()).toBe(1);
    expect(await textOf('board-summary')).toBe(dashboard.body.communities[0].summary);
    // The chart is drawn (SVG) and named with its numbers for those who cannot see it.
    const chart = board.getByRole('img', { name: /各阶段的单元数：表决 1 个/ });
    await chart.locator('svg').waitFor();
    for (const deadline of dashboard.body.communities[0].deadlines) {
      expect(await board.getByTestId('deadlines').textContent()).toContain(deadline.label);
    }
    await shot('02-dashboard');
    await expectAccessible('dashboard');
    await page.getByRole('link', { name: '单元', exact: true }).click();
    await page.getByTestId('units').waitFor();
    await shot('02-units');
    await expectAccessible('units');
  });

  it('opens a unit from the list: its roster with owners, masked phones and who is bound, and its spreadsheet', async () => {
    // The community's units (GET /units): the demo's unit, not the neighbouring community's.
    const units = page.getByTestId('units');
    await units.getByRole('link', { name: '演示新村 12幢2单元' }).waitFor();
    expect(await units.locator('tbody tr').count()).toBe(1);
    expect(await units.textContent()).toContain('演示新村社区');
    await units.getByRole('link', { name: '演示新村 12幢2单元' }).click();
    await page.getByRole('heading', { name: '演示新村 12幢2单元' }).waitFor();
    const roster = page.getByTestId('roster');
    await roster.locator('tr[data-room="201"]').filter({ hasText: '已绑定' }).waitFor();
    expect(await roster.locator('tbody tr').count()).toBe(12);
    expect(await roster.locator('tr[data-room="102"]').textContent()).toContain('未绑定');
    // Phones are masked for the committee, as the API shows them.
    expect(await roster.textContent()).not.toMatch(/1[3-9]\d{9}/);
    // The roster to print: the API's spreadsheet, saved under the name the server gives it.
    const sheet = await downloaded(
      () => page.getByRole('button', { name: '下载名册和分摊表（Excel）' }).click(),
      'roster.xlsx',
    );
    expect(sheet.file).toMatch(/^演示新村 12幢2单元.*\.xlsx$/);
    expect(sheet.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await shot('03-unit-roster');
    await expectAccessible('unit roster');
  });

  it('shows the live tally with the four checks and what is missing, takes a paper ballot and gives its receipt', async () => {
    await page.getByRole('link', { name: '表决与纸质票录入' }).click();
    await page.getByTestId('counts').filter({ hasText: '已表决 4 户' }).waitFor();
    expect(await page.getByTestId('checks').locator('li').count()).toBe(4);
    const missingBefore = await textOf('missing');
    expect(missingBefore).toMatch(/^还差 \d+ 户.* 同意即可通过。$/);
    expect(await textOf('to-visit')).toContain('102');
    await expectAccessible('ballot');

    await page.getByRole('group', { name: '房号' }).getByText('102', { exact: true }).click();
    // The rest with the keyboard alone: each choice is a focusable button (Space picks it), Tab moves
    // on, Enter sends.
    const agree = page.getByRole('group', { name: '表决意见' }).locator('label', { hasText: /^同意$/ });
    await agree.focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: '同意', exact: true }).isChecked()).toBe(true);
    await page
      .getByRole('group', { name: '表决方式' })
      .locator('label', { hasText: /^纸质表决票$/ })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('票据编号（纸质票、委托书或声明上的编号）').focus();
    await page.keyboard.type('ZB-102');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent.trim()')).toBe('录入这一票');
    await page.keyboard.press('Enter');

    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const said = ((await receipt.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toContain('已录入：102 同意');
    expect(said).toContain('纸质表决票，编号 ZB-102');
    expect(said).toMatch(/回执码 [0-9A-F]{8}/);
    // The tally and the "still missing" line moved with the vote; 102 is no longer to visit.
    await page.getByTestId('counts').filter({ hasText: '已表决 5 户' }).waitFor();
    const missingAfter = await textOf('missing');
    expect(missingAfter).not.toBe(missingBefore);
    expect(await textOf('to-visit')).not.toMatch(/\b102\b/);
    // What the console shows is what the API counts.
    const unit = await api('GET', `/units/${UNIT}`, undefined, committeeToken);
    const ballotId = unit.body.ballots.find((b: Json) => b.status === 'open').id;
    const tally = await api('GET', `/ballots/${ballotId}/tally`, undefined, committeeToken);
    expect(tally.body.agree.owners + tally.body.oppose.owners + tally.body.abstain.owners).toBe(5);
    expect(missingAfter).toContain(`还差 ${tally.body.missing.owners} 户`);
    await shot('04-unit-ballot-receipt');
    await expectAccessible('ballot with receipt');
  });

  it('shows the unit’s history, the paper vote in it, and that its record chain verifies', async () => {
    await page.getByRole('link', { name: '经过与记录核对' }).click();
    await page.getByTestId('chain').filter({ hasText: '记录完整' }).waitFor();
    const verified = await api('GET', `/units/${UNIT}/timeline/verify`, undefined, committeeToken);
    expect(verified.body.ok).toBe(true);
    expect(await textOf('chain')).toContain(`${verified.body.events} 条记录逐条核对无误`);
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li', { hasText: '102 室用纸质表决票表决：同意' }).waitFor();
    expect(await timeline.locator('li').count()).toBe(Math.min(verified.body.events, 100));
    await shot('05-timeline');
    await expectAccessible('timeline');
  });

  it('shows each plan version with every household’s share and its terms', async () => {
    await page.getByRole('link', { name: '方案与每户分摊' }).click();
    await page.getByRole('heading', { name: /第 1 版/ }).waitFor();
    const rows = page.locator('table.plain tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.first().textContent()).toMatch(/系数|面积|不出钱/);
    await expectAccessible('plans');
  });

  it('takes a paper objection and says why it counts or not, acknowledges an alert, and shows every clock running with its time', async () => {
    // The alert the ballot's stall clock raises when participation lags, as it raises it.
    const unit = await api('GET', `/units/${UNIT}`, undefined, committeeToken);
    const ballotId = unit.body.ballots.find((b: Json) => b.status === 'open').id;
    const alert = await raiseAlert(
      demo.system.commands,
      UNIT,
      { kind: 'no_quorum', key: `ballot.stall:${ballotId}`, ballotId, days: 10, voted: 5, households: 12 },
      demo.system.commands.clock.now(),
    );
    await page.getByRole('link', { name: '异议、提醒与时限' }).click();
    // A paper objection received before publicity: recorded, and said not to hold up the application.
    await page.getByRole('group', { name: '理由' }).getByText('采光', { exact: true }).click();
    await page.getByLabel('收到的时间（杭州时间）').fill('2025-03-03T10:00');
    await page.getByLabel('异议人姓名（匿名可不填）').fill('张建国');
    await page.getByLabel('异议人房号').selectOption('102');
    await page.getByLabel('内容').fill('担心挡住客厅采光');
    await page.getByRole('button', { name: '登记异议' }).click();
    const filed = page.getByTestId('objection-filed');
    await filed.waitFor();
    const reference = /异议 (\S+)：/.exec((await filed.textContent()) ?? '')![1]!;
    expect(await filed.textContent()).toContain('不影响报批（不在公示期内）');
    const objection = page.locator('article', { hasText: `异议 ${reference}：采光` });
    await objection.waitFor();
    expect(await objection.textContent()).toContain('张建国 102 室');
    const stored = await api('GET', `/units/${UNIT}/objections`, undefined, committeeToken);
    expect(stored.body.items.find((o: Json) => o.reference === reference)).toMatchObject({
      ground: 'daylight',
      filedAt: '2025-03-03T02:00:00.000Z',
      effective: false,
      ineffectiveReasons: ['outside_window'],
      objector: { name: '张建国', room: '102' },
    });
    const alerts = page.getByTestId('alerts');
    await alerts
      .locator('li', { hasText: alert.alertId })
      .filter({ hasText: '表决参与人数迟迟不够' })
      .waitFor();
    await expectAccessible('alerts');
    await alerts.getByRole('button', { name: `确认收到 ${alert.alertId}` }).click();
    await alerts.locator('li', { hasText: alert.alertId }).filter({ hasText: '已确认' }).waitFor();
    const acknowledged = await api('GET', `/units/${UNIT}/alerts`, undefined, committeeToken);
    expect(acknowledged.body.items.find((a: Json) => a.alertId === alert.alertId).open).toBe(false);
    const clocks = page.getByTestId('clocks');
    await clocks
      .locator('tr', { hasText: '表决截止并公布结果' })
      .filter({ hasText: '2025年3月17日' })
      .waitFor();
    await shot('05-follow-up');
    await expectAccessible('objections, alerts and clocks');
  });

  it('simulates another cost scheme, shows every share before anything is published, then publishes it', async () => {
    await page.getByRole('link', { name: '分摊模拟' }).click();
    await page.getByText('已按现行第 1 版方案填好。').waitFor();
    await page.getByRole('group', { name: '分摊办法' }).getByText('按住房面积', { exact: true }).click();
    await page.getByLabel('政府补贴（元）').fill('250000');
    await page.getByRole('button', { name: '计算每户分摊' }).click();
    const result = page.getByTestId('simulation');
    await result.waitFor();
    expect(await result.locator('tbody tr').count()).toBe(12);
    expect(await textOf('simulation-totals')).toBe(
      '12 户合计出资 350,000.00 元 = 总造价 600,000.00 元 − 补贴 250,000.00 元。',
    );
    expect(await result.textContent()).toContain('与现行第 1 版相比');
    // Every share adds up to what is shared, to the fen.
    const amounts = await result.locator('tbody tr td.money:nth-of-type(2)').allTextContents();
    const fen = amounts.map((text) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100));
    expect(fen.reduce((a, b) => a + b, 0)).toBe(35_000_000);
    // Nothing was published: the plan in force is still version 1.
    const plans = await api('GET', `/units/${UNIT}/plans`, undefined, committeeToken);
    expect(plans.body.items.length).toBe(1);
    await shot('06-simulation');
    await expectAccessible('simulation');

    // Then published, after a second click that says what publishing does.
    await page.getByRole('button', { name: '发布为第 2 版…' }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByTestId('published').filter({ hasText: '已发布第 2 版方案' }).waitFor();
    const after = await api('GET', `/units/${UNIT}/plans`, undefined, committeeToken);
    expect(after.body.items.map((plan: Json) => plan.version)).toEqual([1, 2]);
    expect(after.body.items[1]).toMatchObject({
      title: '加装电梯方案 v2',
      cost: { totalCostFen: 60_000_000, subsidyFen: 25_000_000, scheme: { kind: 'area' } },
    });
  });

  it('imports a roster with two bad rows and lists both in its report, then imports the corrected one', async () => {
    await page.getByRole('link', { name: '导入名册' }).click();
    await page.getByLabel('单元名称').fill('演示新村 13幢1单元');
    const bad =
      '\uFEFF房号,楼层,面积,面积来源,业主,电话\n' +
      '101,1,72.50,登记,王建国,13800000101\n' +
      '102,1,72.505,登记,李秀英,\n' + // row 3: three decimals
      '201,2,60.00,登记,赵铁柱,\n' +
      '101,2,60.00,登记,周敏,\n'; // row 5: 101 again
    await page.getByLabel('名册文件（.csv、.xlsx 或 .json）').setInputFiles({
      name: '13幢1单元.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad, 'utf8'),
    });
    await page.getByRole('button', { name: '检查并导入' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expectRefusals(422);
    expect(await report.getByRole('alert').textContent()).toMatch(/第 3、5 行/);
    expect(
      await report.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row'))),
    ).toEqual(['3', '5']);
    expect(await report.locator('tr[data-row="3"]').textContent()).toMatch(/面积.*两位小数/);
    expect(await report.locator('tr[data-row="5"]').textContent()).toContain('房号');
    await shot('07-import-report');
    await expectAccessible('import report');

    await page.getByLabel('名册文件（.csv、.xlsx 或 .json）').setInputFiles({
      name: '13幢1单元.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad.replace('72.505', '72.50').replace('101,2,60.00', '202,2,60.00'), 'utf8'),
    });
    await page.getByRole('button', { name: '检查并导入' }).click();
    await page.getByTestId('import-done').filter({ hasText: '演示新村 13幢1单元：4 户' }).waitFor();
    await expectAccessible('import done');
  });

  it('issues a colleague’s token, shows its secret once, lists it and revokes it', async () => {
    await page.getByRole('link', { name: '工作口令' }).click();
    await page.getByTestId('tokens').waitFor();
    await page.getByLabel('给谁用（姓名）').fill('王晓红');
    await page.getByRole('button', { name: '发口令' }).click();
    const secret = (await page.getByTestId('secret').textContent())!.trim();
    expect(secret).toMatch(/^jt_/);
    const row = page.getByTestId('tokens').locator('tr', { hasText: '王晓红' });
    await row.filter({ hasText: '有效' }).waitFor();
    expect((await api('GET', '/me', undefined, secret)).status).toBe(200);
    await expectAccessible('tokens');
    await shot('08-tokens');
    await row.getByRole('button', { name: '作废' }).click();
    await row.getByRole('button', { name: '确认作废 王晓红 的口令' }).click();
    await row.filter({ hasText: '已作废' }).waitFor();
    expect((await api('GET', '/me', undefined, secret)).status).toBe(401);
  });

  it('signs out: the token leaves the tab and the screens ask to sign in again', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('jiati.console.token')")).toBeNull();
    await page.goto(`${demo.system.url}/console/#/units/${UNIT}/ballot`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
  });

  it('lets the platform administrator change a unit’s clock settings, and shows them in force', async () => {
    await page.getByLabel('工作口令').fill(ADMIN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').filter({ hasText: '平台管理员' }).waitFor();
    await page.goto(`${demo.system.url}/console/#/units/${UNIT}/follow-up`);
    await page.getByLabel('公示天数').fill('15');
    await page.getByRole('button', { name: '保存时限' }).click();
    await page.getByText('公示 15 天。').waitFor();
    const settings = await api('GET', `/units/${UNIT}/clock-settings`);
    expect(settings.body).toMatchObject({ custom: true, settings: { publicityDays: 15 } });
    await expectAccessible('clock settings');
  });

  it('shows the officers’ funnel on the administrator’s dashboard, drawn and in numbers', async () => {
    await page.getByRole('link', { name: '看板' }).click();
    const funnel = await api('GET', '/dashboard');
    expect(funnel.body.funnel).toBeDefined();
    await page.getByRole('heading', { name: `进度漏斗（共 ${funnel.body.funnel.cases} 个单元）` }).waitFor();
    await page
      .getByRole('img', { name: /^进度漏斗：/ })
      .locator('svg')
      .waitFor();
    const rows = page.getByTestId('funnel').locator('tbody tr');
    expect(await rows.count()).toBe(funnel.body.funnel.stages.length);
    expect(await page.getByTestId('board').count()).toBe(funnel.body.communities.length);
    await shot('10-funnel');
    await expectAccessible('funnel');
  });
});

/**
 * The whole consensus phase of a new unit, from the console alone and as the committee member (no bot
 * on her side, no API call but the page's own): register it from its roster, print the binding-code
 * slips, publish a plan, open the ballot, enter paper ballots, close it once its day has ended, print
 * the record, sign the agreement, and carry an objection through mediation to its minutes.
 */
describe('a unit’s whole consensus phase, run from the console', () => {
  const NAME = '演示新村 14幢1单元';
  const ROOMS = ['101', '102', '201', '202', '301', '302'];
  let unitId: string;

  const flat = (text: string) => text.replace(/\s+/g, '');

  it('registers the unit from its roster and prints a binding-code slip for every flat', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('工作口令').fill(committeeToken);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').filter({ hasText: '居委会 · 演示新村社区' }).waitFor();

    await page.getByRole('link', { name: '导入名册' }).click();
    await page.getByLabel('单元名称').fill(NAME);
    const csv =
      '\uFEFF房号,楼层,面积,面积来源,业主,电话\n' +
      ROOMS.map((room) => `${room},${room[0]},60.00,登记,住户${room},\n`).join('');
    await page.getByLabel('名册文件（.csv、.xlsx 或 .json）').setInputFiles({
      name: '14幢1单元.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: '检查并导入' }).click();
    const done = page.getByTestId('import-done');
    await done.filter({ hasText: `${NAME}：6 户` }).waitFor();
    await done.getByRole('link', { name: '打开这个单元' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    unitId = /#\/units\/([^/?]+)/.exec(page.url())![1]!;
    expect(await page.getByTestId('roster').locator('tbody tr').count()).toBe(6);

    // New slips void the old ones: the console asks first.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    const slips = await downloaded(
      () => page.getByRole('button', { name: '生成并打印绑定码条（PDF）' }).click(),
      'binding-slips.pdf',
    );
    expect(asked[0]).toContain('之前发出、还没使用的绑定码都会作废');
    expect(slips.file).toMatch(/^演示新村 14幢1单元.*\.pdf$/);
    const text = flat((await readPdf(slips.bytes)).text);
    expect(text).toContain(flat(`${NAME} 住户绑定码，共 6 户`));
    for (const room of ROOMS) expect(text).toContain(`房号：${room}`);
    expect(text.match(/发送：绑定[A-Z0-9-]+/g)).toHaveLength(6);
    await page.getByTestId('slips-printed').waitFor();
    await shot('11-path-slips');
    await expectAccessible('roster with slips');
  });

  it('publishes a plan, opens the ballot on it, and takes five paper ballots with their receipts', async () => {
    await page.getByRole('link', { name: '分摊模拟' }).click();
    await page.getByLabel('总造价（元）').fill('600000');
    await page.getByLabel('政府补贴（元）').fill('200000');
    await page.getByRole('group', { name: '分摊办法' }).getByText('按住房面积', { exact: true }).click();
    await page.getByRole('button', { name: '计算每户分摊' }).click();
    await page.getByTestId('simulation').waitFor();
    await page.getByRole('button', { name: '发布为第 1 版…' }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByTestId('published').filter({ hasText: '已发布第 1 版方案' }).waitFor();

    await page.getByRole('link', { name: '表决与纸质票录入' }).click();
    await page.getByRole('heading', { name: '发起加装电梯表决' }).waitFor();
    await expectAccessible('open a ballot');
    // It ends at 24:00 on Thursday 2025-03-20 (Hangzhou).
    await page.getByLabel('截止日期（当天 24:00 结束）').fill('2025-03-20');
    await page.getByRole('button', { name: '发起表决' }).click();
    await page.getByTestId('counts').filter({ hasText: '已表决 0 户' }).waitFor();

    const votes: [string, string][] = [
      ['101', '同意'],
      ['102', '同意'],
      ['201', '同意'],
      ['202', '同意'],
      ['301', '反对'],
    ];
    for (const [room, choice] of votes) {
      await page.getByRole('group', { name: '房号' }).getByText(room, { exact: true }).click();
      await page.getByRole('group', { name: '表决意见' }).getByText(choice, { exact: true }).click();
      await page.getByLabel('票据编号（纸质票、委托书或声明上的编号）').fill(`ZB-${room}`);
      await page.getByRole('button', { name: '录入这一票' }).click();
      await page
        .getByTestId('receipt')
        .filter({ hasText: `已录入：${room} ${choice}` })
        .waitFor();
    }
    await page.getByTestId('counts').filter({ hasText: '已表决 5 户' }).waitFor();
    expect(await page.getByTestId('checks').locator('li.ok').count()).toBe(4);
    await shot('12-path-ballot');
  });

  it('closes the ballot once its day has ended, shows it passed, and prints its record', async () => {
    // Closing before the end is refused, in the API's words.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '结束表决并计票' }).click();
    await page.getByRole('alert').filter({ hasText: '以后才能结束' }).waitFor();
    expectRefusals(409);

    clock.set('2025-03-21T02:00:00.000Z');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '结束表决并计票' }).click();
    await page.getByTestId('result').filter({ hasText: '表决通过' }).waitFor();
    const record = await downloaded(
      () => page.getByRole('button', { name: '下载表决记录（PDF）' }).click(),
      'path-ballot-record.pdf',
    );
    const text = flat((await readPdf(record.bytes)).text);
    expect(text).toContain('结果：通过');
    for (const room of ['101', '202', '301']) expect(text).toContain(`ZB-${room}`);
    expect(text).toContain('住户101');
    await shot('13-path-closed');
    await expectAccessible('closed ballot');
  });

  it('signs the agreement: publicity starts, ends on the legal calendar, and its notice prints', async () => {
    // The closed ballot's own "next step" link leads there.
    await page.getByTestId('result').getByRole('link', { name: '异议、提醒与时限' }).click();
    await page.getByLabel('协议书编号（可不填）').fill('XY-14-1');
    await page.getByRole('button', { name: '登记协议，开始公示' }).click();
    // Signed Friday 2025-03-21: ten days not counting that one end on Monday 2025-03-31, 24:00.
    await page.getByText(/到 2025年3月31日 24:00 止/).waitFor();
    const notice = await downloaded(
      () => page.getByRole('button', { name: '下载公示通知（PDF）' }).click(),
      'path-publicity-notice.pdf',
    );
    expect(flat((await readPdf(notice.bytes)).text)).toContain(flat('至 2025年3月31日 24:00 止'));
    await expectAccessible('publicity');
  });

  it('takes an objection during publicity and carries it through mediation to its minutes', async () => {
    clock.set('2025-03-24T02:00:00.000Z');
    await page.getByRole('group', { name: '理由' }).getByText('通风', { exact: true }).click();
    await page.getByLabel('收到的时间（杭州时间）').fill('2025-03-24T09:30');
    await page.getByLabel('异议人姓名（匿名可不填）').fill('住户302');
    await page.getByLabel('异议人房号').selectOption('302');
    await page.getByLabel('内容').fill('电梯井贴着我家厨房窗户');
    await page.getByRole('button', { name: '登记异议' }).click();
    const filed = page.getByTestId('objection-filed');
    await filed.filter({ hasText: '有效，报批前要调解处理' }).waitFor();
    const reference = /异议 (\S+)：/.exec((await filed.textContent()) ?? '')![1]!;
    await page.getByText('暂不能报批').waitFor();

    clock.set('2025-03-26T02:00:00.000Z');
    const objection = page.locator('article', { hasText: `异议 ${reference}：通风` });
    const step = async (level: string, on: string, people: string, outcome: string, ref: string) => {
      await objection.getByRole('button', { name: '记录一次调解' }).click();
      const form = objection.locator('form');
      await form.getByRole('group', { name: '调解层级' }).getByText(level, { exact: true }).click();
      await form.getByLabel('调解日期').fill(on);
      await form.getByLabel('参加的人（用逗号或顿号隔开）').fill(people);
      await form.getByRole('group', { name: '结果' }).getByText(outcome, { exact: true }).click();
      await form.getByLabel(/^纪要编号/).fill(ref);
      await form.getByRole('button', { name: '记录这次调解' }).click();
      await form.waitFor({ state: 'detached' });
    };
    await step('居委会调解', '2025-03-25', '住户302、申请人代表', '未谈拢', 'TJ-01');
    await expectAccessible('mediation');
    await step('街道调解', '2025-03-26', '住户302、街道调解员', '已解决', 'TJ-02');
    await objection.filter({ hasText: '已调解解决' }).waitFor();
    expect(await page.getByText('暂不能报批').count()).toBe(0);

    const minutes = await downloaded(
      () => objection.getByRole('button', { name: `下载异议 ${reference} 处理记录（PDF）` }).click(),
      'path-objection-minutes.pdf',
    );
    const text = flat((await readPdf(minutes.bytes)).text);
    for (const expected of [
      '加装电梯异议处理记录',
      NAME,
      '302室住户302',
      '通风',
      '已调解解决',
      'TJ-01',
      'TJ-02',
    ]) {
      expect(text).toContain(flat(expected));
    }
    await shot('14-path-mediated');
    await expectAccessible('mediated objection');
    // Every step is in the unit's chained record, and the chain verifies.
    const verified = await api('GET', `/units/${unitId}/timeline/verify`, undefined, committeeToken);
    expect(verified.body.ok).toBe(true);
  });

  it('shows what comes after: the application once handed in, and every step of the works still ahead', async () => {
    await page.getByRole('link', { name: '报批与施工' }).click();
    await page.getByTestId('application').filter({ hasText: '还没有交报批申请' }).waitFor();
    // Publicity ends (as its clock ends it at 24:00), and the applicant hands the application in.
    clock.set('2025-03-31T16:00:00.000Z');
    await endPublicity(demo.system.commands, unitId, clock.now());
    clock.set('2025-04-01T02:00:00.000Z');
    const submitted = await api(
      'POST',
      `/units/${unitId}/application`,
      { materials: ['申请书', '表决结果'] },
      committeeToken,
    );
    expect(submitted.status).toBe(201);
    await page.reload();
    await page.getByTestId('application').filter({ hasText: '2025年4月1日 提交，材料 2 份' }).waitFor();
    const works = page.getByTestId('works');
    expect(await works.locator('tbody tr').count()).toBe(9);
    expect(await works.locator('tbody td:nth-child(2)').allTextContents()).toEqual(Array(9).fill('—'));
    await shot('15-path-lifecycle');
    await expectAccessible('application and works');
  });

  it('records a household’s payment, refuses one beyond what it owes in the API’s words, and cancels one recorded in error', async () => {
    await page.getByRole('link', { name: '交费' }).click();
    const ledger = page.getByTestId('payments');
    await ledger.waitFor();
    // ¥600,000 less ¥200,000 of subsidy, shared by area among six flats of 60 m².
    expect(await ledger.locator('tbody tr').count()).toBe(6);
    await page.getByTestId('payments-totals').filter({ hasText: '还要交 400,000.00 元' }).waitFor();

    await page.getByRole('group', { name: '房号' }).getByText('201', { exact: true }).click();
    await page.getByLabel('交费金额（元）').fill('10000');
    await page.getByLabel('收据编号（可不填）').fill('SJ-201');
    await page.getByRole('button', { name: '记录这笔交费' }).click();
    await page.getByTestId('payment-recorded').filter({ hasText: '已记录：201 交 10,000.00 元' }).waitFor();
    await ledger.getByText('收据 SJ-201').waitFor();

    await page.getByLabel('交费金额（元）').fill('90000');
    await page.getByRole('button', { name: '记录这笔交费' }).click();
    await page.getByRole('alert').filter({ hasText: '这笔交费超过了应交金额' }).waitFor();
    expectRefusals(422);

    page.once('dialog', (dialog) => void dialog.accept('收据号写错'));
    await ledger.getByRole('button', { name: '撤销' }).click();
    await ledger.getByText('已撤销：收据号写错').waitFor();
    await page.getByTestId('payments-totals').filter({ hasText: '已交 0.00 元' }).waitFor();
    await shot('16-path-payments');
    await expectAccessible('payments');
  });

  it('records each step of the works from the console, in order, to use registration', async () => {
    await page.getByRole('link', { name: '报批与施工' }).click();
    const next = page.getByTestId('next-step');
    await next.filter({ hasText: '等区住建部门受理' }).waitFor();
    // The district's part, through the API as the district does it.
    const review = `/units/${unitId}/application`;
    expect((await api('POST', `${review}/acceptance`, { departments: ['区住建局'] })).status).toBe(201);
    expect(
      (await api('POST', `${review}/opinions`, { department: '区住建局', opinion: 'approve' })).status,
    ).toBe(201);
    expect((await api('POST', `${review}/conclusion`, { decision: 'approved' })).status).toBe(201);
    await page.reload();

    const record = async (button: string, said: string) => {
      await next.getByRole('button', { name: button }).click();
      await page.getByTestId('step-recorded').filter({ hasText: said }).waitFor();
    };
    await next.getByLabel(/迁移的管线/).fill('燃气、给水');
    await record('登记管线迁移完成', '已记下：管线迁移完成。');
    // A required field left blank is asked for before anything is sent.
    await next.getByRole('button', { name: '登记已书面告知市场监管部门' }).click();
    await next.getByRole('alert').filter({ hasText: '请填写：安装单位。' }).waitFor();
    await next.getByLabel('安装单位').fill('杭州某电梯安装公司');
    await record('登记已书面告知市场监管部门', '已记下：已书面告知市场监管部门。');
    await record('登记开工', '已记下：开工。');
    await record('登记完工', '已记下：完工。');
    await next.getByRole('group', { name: '检验结果' }).getByText('没有通过', { exact: true }).click();
    await next.getByLabel(/没通过的问题/).fill('层门间隙');
    await record('登记监督检验结果', '已记下：监督检验结果。');
    await page.getByTestId('works').getByText('没有通过：层门间隙').waitFor();
    await next.getByRole('group', { name: '检验结果' }).getByText('通过', { exact: true }).click();
    await next.getByRole('button', { name: '登记监督检验结果' }).click();
    await next.getByRole('button', { name: '登记竣工验收' }).waitFor();
    await record('登记竣工验收', '已记下：竣工验收。');
    await next.getByLabel('使用单位或负责人').fill('某物业公司');
    await record('登记使用单位', '已记下：使用单位。');
    await record('登记移交、投入使用', '已记下：移交、投入使用。');
    await record('登记已办使用登记', '已记下：已办使用登记。');
    await next.filter({ hasText: '投入使用' }).waitFor();
    const works = page.getByTestId('works');
    expect(await works.locator('tbody td:nth-child(2)').allTextContents()).toEqual(
      Array(9).fill('2025年4月1日'),
    );
    await shot('17-path-in-service');
    await expectAccessible('works recorded');
  });
});
