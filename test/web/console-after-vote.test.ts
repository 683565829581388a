/**
 * The console after the vote, in a real headless Chromium against the real system (real HTTP, the
 * real database, documents in a data folder of its own), as the people who do each part, each signed
 * in with their own token in their own tab: the applicant representative reads the application's
 * materials checklist (what is in, what is missing, which requirements are still to be confirmed),
 * uploads a PDF for an item and sees it counted, downloads it back byte for byte, has a text file
 * refused in the API's own words (nothing stored) and withdraws a file filed in error; a district
 * officer notifies the missing materials once, prefilled from the checklist; the applicant sees what
 * is missing, files it and supplements; the district accepts, records each convened department's
 * opinion (a conclusion before them refused in words) and concludes the review; on 交费 the applicant
 * records the subsidy's steps, offered only the statuses that may come next, and — once the works
 * (driven through the API) passed completion acceptance — a household's provident-fund withdrawal,
 * which before that says when it can be done. Every new panel is checked with axe-core (no serious or
 * critical violation), the browser's console stays free of errors but the refusals caused on purpose,
 * and nothing is asked of any other origin. Screenshots go to test/artifacts/console-after-vote/.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEFAULT_CHECKLISTS } from '../../domain/case/index.js';
import { endPublicity, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.resolve('test/artifacts/console-after-vote');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

/** Two small PDFs (checked by their first bytes) and a PNG, as a scanner would give them. */
const pdf = (title: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Title (${title}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
const DESIGN_PDF = pdf('design drawings');
const SAFETY_PDF = pdf('structure safety');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const label = (id: string) => DEFAULT_CHECKLISTS.application.find((item) => item.id === id)!.label;

let api: TestApi;
let browser: Browser;
let unitId: string;
let applicantToken: string;
let districtToken: string;
/** The applicant representative's tab and the district officer's. */
let applicant: Page;
let district: Page;
/** Console errors, uncaught errors and failed requests of either tab, since the last check. */
const problems: string[] = [];
/** Requests a tab made to any other origin than the app's. */
const foreign: string[] = [];

const unitPath = (tail = '') => `/api/v1/units/${unitId}${tail}`;
const events = () => api.system.models.caseEvents.countDocuments({ caseId: unitId });

async function newTab(): Promise<Page> {
  const page = await browser.newPage({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  page.setDefaultTimeout(15_000);
  const origin = new URL(api.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      foreign.push(url);
  });
  return page;
}

/** Opens the unit's `screen` in `page`, signing in with `token` on the way. */
async function openAs(page: Page, token: string, screen: string): Promise<void> {
  await page.goto(`${api.url}/console/#/units/${unitId}/${screen}`);
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await page.getByLabel('工作口令').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '乙3幢1单元' }).waitFor();
}

beforeAll(async () => {
  // The console as setup builds it (a no-op when the build matches its sources).
  execFileSync('bash', ['scripts/build-console.sh'], { stdio: 'inherit', timeout: 300_000 });
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startTestApi();
  const districtId = await createPlace(api, 'district', '乙区');
  const subdistrictId = await createPlace(api, 'subdistrict', '乙街道', districtId);
  const communityId = await createPlace(api, 'community', '乙社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '乙3幢1单元', taggedFlats(6, '乙', '1393333'));
  const token = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id }, expiresInDays: 366 })).secret;
  applicantToken = await token('applicant', 'unit', unitId);
  districtToken = await token('district', 'district', districtId);
  // ¥600,000 less a ¥200,000 subsidy: the second and third floors share ¥400,000.
  const plan = await api.post(unitPath('/plans'), {
    planVersion: 1,
    title: '方案一',
    cost: {
      totalCostFen: 60_000_000,
      subsidyFen: 20_000_000,
      scheme: {
        kind: 'explicit',
        fenByRoom: { '201': 8_000_000, '202': 8_000_000, '301': 12_000_000, '302': 12_000_000 },
      },
    },
  });
  expect(plan.status).toBe(201);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202', '301', '302'], 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
  // Signed Monday 2025-03-10: publicity ends Thursday 2025-03-20 at 24:00, as its clock ends it.
  expect((await api.post(unitPath('/agreement'), {})).status).toBe(201);
  api.clock.set('2025-03-20T16:00:00.000Z');
  await endPublicity(api.system.commands, unitId, api.clock.now());
  api.clock.set('2025-03-21T02:00:00.000Z');
  // Handed in naming four of the six required materials, as their checklist calls them.
  const submitted = await api.post(
    unitPath('/application'),
    { materials: ['application_form', 'owner_decision', 'agreement', 'publicity'].map(label) },
    { token: applicantToken },
  );
  expect(submitted.status).toBe(201);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  applicant = await newTab();
  district = await newTab();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

afterEach(() => {
  // No screen may leave an error in the browser's console, nor reach beyond the app.
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
  expect(foreign).toEqual([]);
});

/** Runs axe-core on the page as it stands: no serious or critical violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate<Json[]>(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((results) => results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Takes out of the recorded problems the "Failed to load resource" line of each refusal caused on purpose. */
function expectRefusals(...statuses: number[]): void {
  for (const status of statuses) {
    const at = problems.findIndex((line) => line.includes(`status of ${status}`));
    expect(at).toBeGreaterThanOrEqual(0);
    problems.splice(at, 1);
  }
}

/** The text of the element with `data-testid` `id`, whitespace collapsed. */
const textOf = async (page: Page, id: string) =>
  ((await page.getByTestId(id).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** An element's text with every space taken out (as Vue lays out tags and text, spaces vary). */
const bare = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, '');

/** The `n`th cell (from 0) of a row's `td`s, spaces taken out. */
const cell = (row: Locator, n: number) => bare(row.locator('td').nth(n));

/** The row of the application checklist for item `id`. */
const itemRow = (page: Page, id: string) =>
  page.getByTestId('checklist-application').locator(`tr[data-item="${id}"]`);

describe('the application’s materials, as the applicant representative files them', () => {
  it('lists every item of the checklist: what is in, what is missing, and which requirements are still to be confirmed', async () => {
    await openAs(applicant, applicantToken, 'lifecycle');
    await applicant.getByTestId('documents').waitFor();
    expect(await textOf(applicant, 'checklist-summary-application')).toBe(
      `必交 6 项，已交 4 项；还缺 2 项：${label('design')}、${label('structure_safety')}。`,
    );
    expect(await applicant.getByTestId('checklist-application').locator('tbody tr').count()).toBe(7);
    const design = itemRow(applicant, 'design');
    expect(await cell(design, 0)).toBe('缺');
    // Named in the application: in, and said so.
    expect(await cell(itemRow(applicant, 'application_form'), 0)).toBe('已交报批申请里已列明');
    expect(await cell(itemRow(applicant, 'pipelines'), 0)).toBe('未交（可不交）');
    // A requirement its source does not confirm carries 待核实, its source on hover; one that does, none.
    const tag = design.getByText('待核实', { exact: true });
    expect(await tag.getAttribute('title')).toBe(
      DEFAULT_CHECKLISTS.application.find((i) => i.id === 'design')!.source,
    );
    expect(await itemRow(applicant, 'owner_decision').getByText('待核实').count()).toBe(0);
    // The subsidy's checklist too, now that the agreement is signed.
    expect(await textOf(applicant, 'checklist-summary-subsidy')).toBe(
      `必交 4 项，已交 0 项；还缺 4 项：${DEFAULT_CHECKLISTS.subsidy.map((item) => item.label).join('、')}。`,
    );
    await applicant.getByTestId('next-step').filter({ hasText: '等区住建部门受理。' }).waitFor();
    await shot(applicant, '01-checklist');
    await expectAccessible(applicant, 'materials checklist');
  });

  it('uploads a PDF for an item: it is counted, recorded by its hash, and downloads as it went in', async () => {
    await applicant.getByLabel(`上传「${label('design')}」的文件`).setInputFiles({
      name: '设计图纸.pdf',
      mimeType: 'application/pdf',
      buffer: DESIGN_PDF,
    });
    await applicant
      .getByTestId('checklist-said-application')
      .filter({ hasText: `已上传：${label('design')}（设计图纸.pdf）。` })
      .waitFor();
    expect(await textOf(applicant, 'checklist-summary-application')).toBe(
      `必交 6 项，已交 5 项；还缺 1 项：${label('structure_safety')}。`,
    );
    const design = itemRow(applicant, 'design');
    expect(await cell(design, 0)).toBe('已交');
    expect(await cell(design, 1)).toMatch(/^设计图纸\.pdf\d+字节下载撤回$/);
    const stored = await api.get(unitPath('/documents'));
    expect(stored.body.documents).toEqual([
      {
        documentId: expect.stringMatching(/^doc_[0-9a-f]{12}$/),
        checklist: 'application',
        item: 'design',
        name: '设计图纸.pdf',
        contentType: 'application/pdf',
        sizeBytes: DESIGN_PDF.length,
        sha256: sha256(DESIGN_PDF),
      },
    ]);

    const [file] = await Promise.all([
      applicant.waitForEvent('download'),
      design.getByRole('button', { name: '下载 设计图纸.pdf' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('设计图纸.pdf');
    const saved = path.join(ARTIFACTS, 'design.pdf');
    await file.saveAs(saved);
    expect(readFileSync(saved).equals(DESIGN_PDF)).toBe(true);
    await expectAccessible(applicant, 'checklist with a file');
  });

  it('refuses a text file in the API’s own words, on the item’s row, storing nothing', async () => {
    const before = await events();
    const row = itemRow(applicant, 'structure_safety');
    const [answer] = await Promise.all([
      applicant.waitForResponse((r) => r.url().includes('/documents?') && r.request().method() === 'POST'),
      applicant.getByLabel(`上传「${label('structure_safety')}」的文件`).setInputFiles({
        name: '评估意见.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('房屋结构安全，可以加装。', 'utf8'),
      }),
    ]);
    const refusal = (await answer.json()) as Json;
    expect({ status: answer.status(), error: refusal.error }).toEqual({
      status: 415,
      error: 'unsupported_media_type',
    });
    // The sentence speaks of the files a document may be, and the row shows it as the API said it.
    expect(refusal.message).toBe('材料请上传 PDF、JPG 或 PNG 文件，并按文件的实际类型上传。');
    expect(((await row.getByRole('alert').textContent()) ?? '').trim()).toBe(refusal.message);
    expectRefusals(415);
    expect(await cell(row, 0)).toBe('缺');
    expect(await events()).toBe(before);
    expect((await api.get(unitPath('/documents'))).body.documents).toHaveLength(1);
    await shot(applicant, '02-refused');
    await expectAccessible(applicant, 'checklist with a refusal');
  });

  it('withdraws a file filed in error, with its reason: the item is missing again and the file stays in the record', async () => {
    const pipelines = itemRow(applicant, 'pipelines');
    await applicant.getByLabel(`上传「${label('pipelines')}」的文件`).setInputFiles({
      name: '管线图.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await pipelines.locator('td').first().filter({ hasText: '已交' }).waitFor();
    const asked: string[] = [];
    applicant.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept('传错了文件');
    });
    await pipelines.getByRole('button', { name: '撤回 管线图.png' }).click();
    await pipelines.getByText('（已撤回：传错了文件）').waitFor();
    expect(asked).toEqual(['撤回「管线图.png」？请写明原因，记录会保留。']);
    expect(await cell(pipelines, 0)).toBe('未交（可不交）');
    expect(await pipelines.getByRole('button', { name: '撤回 管线图.png' }).count()).toBe(0);
    const stored = await api.get(unitPath('/documents'));
    expect(stored.body.documents.find((doc: Json) => doc.name === '管线图.png').withdrawn).toEqual({
      reason: '传错了文件',
      at: '2025-03-21T02:00:00.000Z',
    });
  });
});

describe('the district’s part, from its officer’s own tab', () => {
  it('notifies every missing material at once, prefilled from the checklist', async () => {
    await openAs(district, districtToken, 'lifecycle');
    const next = district.getByTestId('next-step');
    const notice = next.getByRole('form', { name: '告知补正' });
    await notice.waitFor();
    expect(await next.getByRole('form').count()).toBe(2);
    expect(await notice.getByLabel('缺的材料（每行一项，一次告知全部）').inputValue()).toBe(
      label('structure_safety'),
    );
    // The district may file what it issues: it has the upload too.
    expect(await district.getByLabel(`上传「${label('design')}」的文件`).count()).toBe(1);
    await shot(district, '03-district-notice');
    await expectAccessible(district, 'district: notice or acceptance');
    await notice.getByRole('button', { name: '告知补正' }).click();
    await district.getByTestId('step-recorded').filter({ hasText: '已告知补正。' }).waitFor();
    await next.filter({ hasText: `已告知补正，等申请人代表补交：${label('structure_safety')}。` }).waitFor();
    const application = await api.get(unitPath('/application'));
    expect(application.body.application).toMatchObject({
      outstanding: [label('structure_safety')],
      awaitingSupplement: true,
    });
  });

  it('shows the applicant what is missing; the applicant files it and supplements', async () => {
    await applicant.reload();
    await applicant
      .getByTestId('application')
      .filter({ hasText: `还缺：${label('structure_safety')}` })
      .waitFor();
    const row = itemRow(applicant, 'structure_safety');
    expect(await cell(row, 0)).toBe('缺（待补正）');
    const supplement = applicant.getByTestId('next-step').getByRole('form', { name: '补交材料' });
    expect(await supplement.getByLabel(/^材料/).inputValue()).toBe(label('structure_safety'));

    await applicant.getByLabel(`上传「${label('structure_safety')}」的文件`).setInputFiles({
      name: '结构安全评估.pdf',
      mimeType: 'application/pdf',
      buffer: SAFETY_PDF,
    });
    await row
      .locator('td')
      .first()
      .filter({ hasText: /^已交$/ })
      .waitFor();
    await supplement.getByRole('button', { name: '补交材料' }).click();
    await applicant.getByTestId('step-recorded').filter({ hasText: '已补交材料。' }).waitFor();
    await applicant.getByTestId('next-step').filter({ hasText: '等区住建部门受理。' }).waitFor();
    expect(await textOf(applicant, 'checklist-summary-application')).toBe('必交 6 项，已交 6 项；都已交齐。');
  });

  it('accepts, records each convened department’s opinion, and concludes the review', async () => {
    await district.reload();
    const next = district.getByTestId('next-step');
    const acceptance = next.getByRole('form', { name: '受理并召集联合审查' });
    await acceptance.getByLabel(/^参加联合审查的部门/).fill('区住建局、区规划和自然资源分局');
    await acceptance.getByRole('button', { name: '受理并召集联合审查' }).click();
    await district.getByTestId('step-recorded').filter({ hasText: '已受理并召集联合审查。' }).waitFor();
    // One form for each department's opinion, and the conclusion.
    await next.getByRole('form', { name: '登记区住建局的意见' }).waitFor();
    expect(
      await next.getByRole('form').evaluateAll((forms) => forms.map((f) => f.getAttribute('aria-label'))),
    ).toEqual(['登记区住建局的意见', '登记区规划和自然资源分局的意见', '登记审查结论']);
    await shot(district, '04-district-opinions');
    await expectAccessible(district, 'district: opinions and conclusion');

    // Approval before every opinion is in: refused in the API's words, nothing stored.
    const before = await events();
    const conclusion = next.getByRole('form', { name: '登记审查结论' });
    await conclusion.getByRole('button', { name: '登记审查结论' }).click();
    await conclusion
      .getByRole('alert')
      .filter({ hasText: '还没收到这些部门的书面意见：区住建局、区规划和自然资源分局。' })
      .waitFor();
    expectRefusals(422);
    expect(await events()).toBe(before);

    await next.getByRole('form', { name: '登记区住建局的意见' }).getByRole('button').click();
    await district.getByTestId('step-recorded').filter({ hasText: '已记下：区住建局的意见。' }).waitFor();
    const planning = next.getByRole('form', { name: '登记区规划和自然资源分局的意见' });
    await planning.getByRole('group', { name: '意见' }).getByText('有条件同意', { exact: true }).click();
    await planning.getByLabel(/^条件/).fill('井道外立面与原建筑协调');
    await planning.getByRole('button').click();
    await district
      .getByTestId('step-recorded')
      .filter({ hasText: '已记下：区规划和自然资源分局的意见。' })
      .waitFor();
    expect(await next.getByRole('form').count()).toBe(1);
    await next
      .getByRole('form', { name: '登记审查结论' })
      .getByRole('button', { name: '登记审查结论' })
      .click();
    await district.getByTestId('step-recorded').filter({ hasText: '已记下：审查结论。' }).waitFor();

    const panel = district.getByTestId('application');
    await panel.getByText('联合审查通过').waitFor();
    expect(await bare(panel)).toContain('区规划和自然资源分局：有条件同意（2025年3月21日）');
    await next.filter({ hasText: '等申请人代表或居委会登记：管线迁移完成。' }).waitFor();
    const application = await api.get(unitPath('/application'));
    expect(application.body).toMatchObject({
      stage: 'approved',
      jointReview: { decision: 'approved', concludedOn: '2025-03-21', reasons: [], conditions: [] },
    });
    expect(application.body.application.opinions).toEqual([
      { department: '区住建局', opinion: 'approve', givenOn: '2025-03-21', conditions: [], reasons: [] },
      {
        department: '区规划和自然资源分局',
        opinion: 'approve_with_conditions',
        givenOn: '2025-03-21',
        conditions: ['井道外立面与原建筑协调'],
        reasons: [],
      },
    ]);
    await expectAccessible(district, 'district: review concluded');
  });
});

describe('the subsidy and the provident fund on 交费', () => {
  it('shows the planned subsidy, records its steps offering only what may come next, and says when provident fund opens', async () => {
    await applicant.getByRole('link', { name: '交费' }).click();
    const subsidy = applicant.getByTestId('subsidy');
    await subsidy.waitFor();
    expect(await bare(applicant.getByTestId('subsidy-status'))).toBe(
      '方案里的政府补助200,000.00元；现在：未申请。',
    );
    const fund = applicant.getByTestId('provident-fund');
    expect(await fund.locator('tbody th').allTextContents()).toEqual(['201', '202', '301', '302']);
    expect(await fund.locator('tbody td:nth-child(3)').allTextContents()).toEqual(
      Array(4).fill('竣工验收后可办理'),
    );
    await expectAccessible(applicant, 'claims before acceptance');

    const form = subsidy.getByRole('form', { name: '登记政府补助的下一步' });
    const statuses = form.getByRole('group', { name: '政府补助：登记为' });
    expect(await statuses.locator('label').allTextContents()).toEqual(['已申请']);
    await form.getByLabel('申请金额（元，可不填）').fill('200000');
    await form.getByLabel('文号或凭证编号（可不填）').fill('BZ-001');
    await form.getByRole('button', { name: '登记这一步' }).click();
    await applicant.getByTestId('claim-recorded').filter({ hasText: '已登记：政府补助已申请。' }).waitFor();
    expect(await textOf(applicant, 'subsidy-steps')).toBe('2025年3月21日 已申请，200,000.00 元，编号 BZ-001');
    // Now it may be approved or refused, nothing else.
    await statuses.getByText('已批准', { exact: true }).waitFor();
    expect(await statuses.getByRole('radio').count()).toBe(2);
    expect(await statuses.locator('label').allTextContents()).toEqual(['已批准', '未通过']);
    await form.getByLabel('批准金额（元）').fill('180000');
    await form.getByRole('button', { name: '登记这一步' }).click();
    await applicant.getByTestId('claim-recorded').filter({ hasText: '已登记：政府补助已批准。' }).waitFor();
    expect(await bare(applicant.getByTestId('subsidy-status'))).toBe(
      '方案里的政府补助200,000.00元；现在：已批准，180,000.00元。',
    );
    const claims = await api.get(unitPath('/claims'));
    expect(claims.body.subsidy).toEqual({
      plannedFen: 20_000_000,
      claim: {
        fund: 'subsidy',
        status: 'approved',
        amountFen: 18_000_000,
        steps: [
          { status: 'applied', on: '2025-03-21', amountFen: 20_000_000, reference: 'BZ-001', reasons: [] },
          { status: 'approved', on: '2025-03-21', amountFen: 18_000_000, reasons: [] },
        ],
      },
    });
    await shot(applicant, '05-subsidy');
    await expectAccessible(applicant, 'subsidy recorded');
  });

  it('after completion acceptance, records a household’s provident-fund withdrawal', async () => {
    // The works to completion acceptance, as the applicants record them.
    for (const [step, body] of [
      ['/works/pipeline-relocation', { utilities: [] }],
      ['/works/installation-notice', { installer: '杭州某电梯安装公司' }],
      ['/works/start', {}],
      ['/works/completion', {}],
      ['/works/inspections', { passed: true }],
      ['/works/acceptance', {}],
    ] as const) {
      expect((await api.post(unitPath(step), body, { token: applicantToken })).status).toBe(201);
    }
    await applicant.reload();
    const fund = applicant.getByTestId('provident-fund');
    const row = fund.locator('tr[data-room="301"]');
    await row.getByRole('button', { name: '登记下一步：301 室公积金提取' }).click();
    const form = applicant.getByRole('form', { name: '登记301 室公积金提取的下一步' });
    const statuses = form.getByRole('group', { name: '301 室公积金提取：登记为' });
    expect(await statuses.locator('label').allTextContents()).toEqual(['已申请']);
    await form.getByLabel('申请金额（元，可不填）').fill('50000');
    await form.getByLabel('日期（不填就是今天）').fill('2025-03-21');
    await expectAccessible(applicant, 'provident-fund form');
    await form.getByRole('button', { name: '登记这一步' }).click();
    await applicant
      .getByTestId('claim-recorded')
      .filter({ hasText: '已登记：301 室公积金提取已申请。' })
      .waitFor();
    expect(await cell(row, 1)).toBe('已申请，50,000.00元登记下一步');
    expect(await textOf(applicant, 'provident-fund')).toContain('2025年3月21日 已申请，50,000.00 元');
    expect(await cell(fund.locator('tr[data-room="201"]'), 1)).toBe('未申请登记下一步');
    const claims = await api.get(unitPath('/claims'));
    expect(claims.body.providentFundOpen).toBe(true);
    expect(claims.body.providentFund.find((flat: Json) => flat.room === '301')).toEqual({
      room: '301',
      shareFen: 12_000_000,
      claim: {
        fund: 'provident_fund',
        room: '301',
        status: 'applied',
        amountFen: 5_000_000,
        steps: [{ status: 'applied', on: '2025-03-21', amountFen: 5_000_000, reasons: [] }],
      },
    });
    await shot(applicant, '06-provident-fund');
    await expectAccessible(applicant, 'provident fund recorded');
  });
});
