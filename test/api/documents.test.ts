/**
 * A case's documents over real HTTP on the real database (domain.md §4, §6), and the font of the
 * documents Jiati prints.
 *
 * Documents: once the agreement is signed, the applicant representative files a PDF, JPEG or PNG for
 * an item of the city's checklist (`POST /units/:unitId/documents?checklist=…&item=…&name=…`, the file
 * as the body). The answer, the `DocumentFiled` event in the unit's stream and the file kept under
 * `<JIATI_DATA_DIR>/documents/<first 2 hex>/<sha256>` all carry the bytes' SHA-256, and the download
 * gives back exactly those bytes as an attachment under their own name, never cached or sniffed. Every
 * refusal — before the agreement, an item not on the checklist, bytes that are not a PDF, JPEG or PNG
 * or not the type they are sent as, an empty or oversized body, the same file twice for one item —
 * answers its status, its stable code and a plain-Chinese message, and stores nothing: no event and no
 * file. A document withdrawn with its reason stays in the record and downloadable, but no longer
 * counts. Documents are staff work: a signed-in resident is refused, a committee member of another
 * community is answered as if the unit did not exist, a district officer reads them, a sub-district
 * officer reads but does not file. The application's checklist shows what the application named and
 * what was filed, and lists what is still missing.
 *
 * The font: it covers every character the printed documents themselves write — each sentence of
 * `messages/records.ts` (and the plan's and ballot's words the records reuse) renders as Chinese, not
 * as tofu boxes. Names and free text come from people and may hold a rarer character; the font's
 * 30,888 glyphs cover GB 18030's common set, not every extension-B ideograph.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fontCovers } from '../../api/documents/pdf.js';
import * as messages from '../../messages/index.js';
import { endPublicity, expectError, openBallot, vote } from '../support/api-helpers.js';
import { readPdf } from '../support/documents.js';
import { startTestApi, T0, type Json, type Reply, type TestApi } from '../support/http.js';
import {
  bindingCodes,
  createPlace,
  devSignIn,
  issueToken,
  registerUnitIn,
  taggedFlats,
} from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

/** The documents' limit of this file's system: small, so an oversized file is cheap to send. */
const MAX_BYTES = 2048;
/** This file's own data folder, so the test knows where the documents' bytes go. */
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'jiati-documents-'));
const STORE = path.join(DATA_DIR, 'documents');

/** A well-formed one-page PDF (PDF.js opens it); `note`, a comment line, makes its bytes its own. */
function pdf(note = 'jiati', padding = 0): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = `%PDF-1.4\n%${note}${' '.repeat(padding)}\n`;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const PDF = pdf('施工图');
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A JPEG's opening (SOI, then the JFIF segment) and its end. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48,
  0x00, 0x00, 0xff, 0xd9,
]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>', 'utf8');
/** A Windows program's opening bytes (`MZ`…). */
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);

const APPLICATION_ITEMS = [
  'application_form',
  'owner_decision',
  'agreement',
  'publicity',
  'design',
  'structure_safety',
  'pipelines',
];

let api: TestApi;
let unitId: string;
let applicant: string;
let committee: string;
let otherCommittee: string;
let district: string;
let subdistrict: string;
let resident: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const events = () => api.system.models.caseEvents.countDocuments({ caseId: unitId });
const documentsPath = (tail = '', unit = unitId) => `/api/v1/units/${unit}/documents${tail}`;

/** Every file under the data folder's `documents/`, as `<first 2 hex>/<sha256>`. */
async function storedFiles(): Promise<string[]> {
  const found: string[] = [];
  let folders: string[];
  try {
    folders = await readdir(STORE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  for (const folder of folders) {
    for (const file of await readdir(path.join(STORE, folder))) found.push(`${folder}/${file}`);
  }
  return found.sort();
}

const storedAs = (bytes: Buffer) => `${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`;

async function reply(response: Response): Promise<Reply & { bytes: Buffer }> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    body: (json ? JSON.parse(bytes.toString('utf8')) : undefined) as Json,
  };
}

/** Files `bytes` as `type` (none: no Content-Type) through Node's fetch, as `token`. */
async function upload(
  bytes: Buffer,
  type: string | null,
  token: string,
  query: Record<string, string> = {},
  unit = unitId,
): Promise<Reply> {
  const search = new URLSearchParams({
    checklist: 'application',
    item: 'design',
    name: '施工图.pdf',
    ...query,
  });
  const response = await fetch(`${api.url}${documentsPath('', unit)}?${search.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(type === null ? {} : { 'content-type': type }) },
    body: bytes,
  });
  return reply(response);
}

/** Downloads a document's file as `token`. */
async function download(documentId: string, token: string, unit = unitId) {
  const response = await fetch(`${api.url}${documentsPath(`/${documentId}/file`, unit)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return reply(response);
}

/** A refusal that stored nothing: no event in the unit's stream, no file in the documents folder. */
async function refusedUnchanged(
  send: () => Promise<Reply>,
  status: number,
  code: string,
  message?: RegExp,
): Promise<Reply> {
  const before = { events: await events(), files: await storedFiles() };
  const answer = await send();
  expectError(answer, status, code, message);
  expect({ events: await events(), files: await storedFiles() }).toEqual(before);
  return answer;
}

/** One item of one checklist of an answer. */
function itemOf(body: Json, checklist: string, id: string): Json {
  const list = (body.checklists as Json[]).find((candidate) => candidate.checklist === checklist);
  return (list.items as Json[]).find((candidate) => candidate.id === id);
}

function missingOf(body: Json, checklist: string): string[] {
  return (body.checklists as Json[]).find((candidate) => candidate.checklist === checklist).missing;
}

beforeAll(async () => {
  api = await startTestApi({
    env: { JIATI_DATA_DIR: DATA_DIR, JIATI_DOCUMENT_MAX_BYTES: String(MAX_BYTES), JIATI_DEV_SIGN_IN: '1' },
  });
  const districtId = await createPlace(api, 'district', '丁区');
  const subdistrictId = await createPlace(api, 'subdistrict', '丁街道', districtId);
  const communityId = await createPlace(api, 'community', '丁社区', subdistrictId);
  const otherCommunityId = await createPlace(api, 'community', '戊社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '丁3幢1单元', taggedFlats(4, '丁', '1394444'));
  const token = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id }, expiresInDays: 366 })).secret;
  applicant = await token('applicant', 'unit', unitId);
  committee = await token('committee', 'community', communityId);
  otherCommittee = await token('committee', 'community', otherCommunityId);
  district = await token('district', 'district', districtId);
  subdistrict = await token('subdistrict', 'subdistrict', subdistrictId);
  resident = await devSignIn(api, (await bindingCodes(api, unitId)).get('101'));
  expect((await api.post(`/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status).toBe(
    201,
  );
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
});

describe('filing before the agreement', () => {
  it('is refused in plain Chinese, storing no event and no file', async () => {
    const refused = await refusedUnchanged(
      () => upload(PDF, 'application/pdf', applicant),
      409,
      'agreement_not_signed',
      /协议书/,
    );
    // What is refused is filing a document, not recording a payment.
    expect(refused.body.message).not.toMatch(/交费/);
    expect(await storedFiles()).toEqual([]);
  });
});

describe('filing, reading back and listing', () => {
  let design: Json;

  beforeAll(async () => {
    // Signed Monday 2025-03-10: publicity ends Thursday 2025-03-20 at 24:00.
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {}, { token: committee })).status).toBe(201);
  });

  it('files a PDF for an item of the application’s checklist, its SHA-256 in the answer, the event and the file’s name', async () => {
    const filed = await upload(PDF, 'application/pdf', applicant);
    expect(filed.status).toBe(201);
    design = filed.body.document;
    expect(design).toEqual({
      documentId: expect.stringMatching(/^doc_[0-9a-f]{12}$/),
      checklist: 'application',
      item: 'design',
      name: '施工图.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
    });
    expect(filed.body).toMatchObject({ unitId, documents: [design], seq: expect.any(Number) });
    expect((filed.body.checklists as Json[]).map((list) => list.checklist)).toEqual([
      'application',
      'subsidy',
    ]);
    expect(itemOf(filed.body, 'application', 'design')).toEqual({
      id: 'design',
      label: '设计方案及施工图',
      source: expect.any(String),
      confirmed: false,
      required: true,
      named: false,
      documentIds: [design.documentId],
      provided: true,
      outstanding: false,
    });
    const stored = (await api.system.models.caseEvents
      .findOne({ caseId: unitId, seq: filed.body.seq })
      .lean()
      .exec()) as Json;
    expect(stored).toMatchObject({ type: 'DocumentFiled', channel: 'api' });
    expect(stored.data).toEqual(design);
    expect(await storedFiles()).toEqual([storedAs(PDF)]);
    const onDisk = await readFile(path.join(STORE, sha256(PDF).slice(0, 2), sha256(PDF)));
    expect(onDisk.equals(PDF)).toBe(true);
  });

  it('gives back exactly the bytes filed, as an attachment under its own name, never cached or sniffed', async () => {
    const got = await download(design.documentId as string, applicant);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PDF)).toBe(true);
    expect({
      type: got.headers.get('content-type'),
      disposition: got.headers.get('content-disposition'),
      cache: got.headers.get('cache-control'),
      sniff: got.headers.get('x-content-type-options'),
      etag: got.headers.get('etag'),
    }).toEqual({
      type: 'application/pdf',
      disposition: `attachment; filename="${design.documentId}"; filename*=UTF-8''${encodeURIComponent('施工图.pdf')}`,
      cache: 'no-store',
      sniff: 'nosniff',
      etag: `"${sha256(PDF)}"`,
    });
    // A real PDF: PDF.js opens what came back.
    expect((await readPdf(got.bytes)).pages).toEqual(['']);
  });

  it('files a JPEG and a PNG, each typed as what it is, for the application’s and the subsidy’s checklists', async () => {
    const photo = await upload(JPEG, 'image/jpeg', applicant, {
      item: 'structure_safety',
      name: '结构安全评估.jpg',
    });
    expect(photo.status).toBe(201);
    expect(photo.body.document).toMatchObject({
      checklist: 'application',
      item: 'structure_safety',
      contentType: 'image/jpeg',
      sizeBytes: JPEG.length,
      sha256: sha256(JPEG),
    });
    const scan = await upload(PNG, 'image/png', committee, {
      checklist: 'subsidy',
      item: 'final_account',
      name: '结算发票.png',
    });
    expect(scan.status).toBe(201);
    expect(scan.body.document).toMatchObject({
      checklist: 'subsidy',
      contentType: 'image/png',
      sha256: sha256(PNG),
    });
    expect(itemOf(scan.body, 'subsidy', 'final_account').documentIds).toEqual([
      scan.body.document.documentId,
    ]);
    const image = await download(scan.body.document.documentId as string, applicant);
    expect({ status: image.status, type: image.headers.get('content-type') }).toEqual({
      status: 200,
      type: 'image/png',
    });
    expect(image.bytes.equals(PNG)).toBe(true);
    expect(await storedFiles()).toEqual([storedAs(PDF), storedAs(JPEG), storedAs(PNG)].sort());
  });

  it('lists every document and what each checklist still misses', async () => {
    const listed = await api.get(documentsPath(), { token: applicant });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.body.unitId).toBe(unitId);
    expect((listed.body.documents as Json[]).map((doc) => [doc.item, doc.name, doc.contentType])).toEqual([
      ['design', '施工图.pdf', 'application/pdf'],
      ['structure_safety', '结构安全评估.jpg', 'image/jpeg'],
      ['final_account', '结算发票.png', 'image/png'],
    ]);
    expect(listed.body.documents[0]).toEqual(design);
    expect((listed.body.checklists[0].items as Json[]).map((item) => item.id)).toEqual(APPLICATION_ITEMS);
    expect(missingOf(listed.body, 'application')).toEqual([
      '加装电梯申请书',
      '业主表决结果（双三分之二）',
      '加装电梯协议书（费用分摊、运行维护）',
      '公示情况及异议处理结果',
    ]);
    expect(missingOf(listed.body, 'subsidy')).toEqual([
      '竣工验收报告',
      '特种设备使用登记证',
      '加装电梯协议书',
    ]);
  });

  describe('refusals, each storing no event and no file', () => {
    it('refuses an item not on the checklist, and the households’ own provident-fund papers', async () => {
      const refused = await refusedUnchanged(
        () => upload(pdf('电梯许可'), 'application/pdf', applicant, { item: 'elevator_permit' }),
        400,
        'validation_error',
      );
      expect(refused.body.details).toEqual({ field: 'item', allowed: APPLICATION_ITEMS });
      await refusedUnchanged(
        () =>
          upload(pdf('身份证'), 'application/pdf', applicant, {
            checklist: 'provident_fund',
            item: 'id_card',
          }),
        400,
        'validation_error',
      );
      await refusedUnchanged(
        () => upload(pdf('无名'), 'application/pdf', applicant, { name: ' ' }),
        400,
        'validation_error',
      );
    });

    it('refuses bytes that are not a PDF, JPEG or PNG, or not the type they are sent as', async () => {
      const sent: [Buffer, string | null][] = [
        [HTML, 'application/pdf'],
        [HTML, 'text/html'],
        [EXE, 'application/pdf'],
        [EXE, 'application/octet-stream'],
        [PNG, 'application/pdf'],
        [pdf('伪装'), 'image/png'],
        [JPEG, 'image/png'],
        [pdf('没有类型'), null],
      ];
      for (const [bytes, type] of sent) {
        const refused = await refusedUnchanged(
          () => upload(bytes, type, applicant, { name: '材料' }),
          415,
          'unsupported_media_type',
        );
        // It tells what is taken here: a PDF, JPEG or PNG — not the roster import's JSON, CSV or Excel.
        expect(refused.body.message).toMatch(/PDF/);
        expect(refused.body.message).not.toMatch(/CSV|Excel/);
      }
    });

    it('refuses an empty file, and one larger than JIATI_DOCUMENT_MAX_BYTES without storing a byte of it', async () => {
      await refusedUnchanged(
        () => upload(Buffer.alloc(0), 'application/pdf', applicant),
        400,
        'validation_error',
      );
      const big = pdf('大文件', MAX_BYTES);
      expect(big.length).toBeGreaterThan(MAX_BYTES);
      const refused = await refusedUnchanged(
        () => upload(big, 'application/pdf', applicant),
        413,
        'payload_too_large',
      );
      expect(refused.body.details).toEqual({ limitBytes: MAX_BYTES });
      // The limit here is the documents' (2 KB in this system), not the JSON body's 1 MB.
      expect(refused.body.message).not.toMatch(/1 MB/);
    });

    it('refuses a file larger than the limit sent without a Content-Length, as it streams in', async () => {
      const big = pdf('分块上传', MAX_BYTES * 2);
      await refusedUnchanged(
        async () => {
          const search = new URLSearchParams({ checklist: 'application', item: 'design', name: '大.pdf' });
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array(big));
              controller.close();
            },
          });
          const response = await fetch(`${api.url}${documentsPath()}?${search.toString()}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/pdf' },
            body,
            duplex: 'half',
          } as RequestInit);
          return reply(response);
        },
        413,
        'payload_too_large',
      );
    });

    it('refuses the same file twice for the same item, naming the document already filed', async () => {
      const refused = await refusedUnchanged(
        () => upload(PDF, 'application/pdf', applicant, { name: '施工图（再交一次）.pdf' }),
        409,
        'document_already_filed',
        /已经交过/,
      );
      expect(refused.body.details).toEqual({ documentId: design.documentId });
    });

    it('answers a unit that does not exist 404, before reading its file', async () => {
      await refusedUnchanged(
        () => upload(pdf('无此单元'), 'application/pdf', committee, {}, 'unit_nope'),
        404,
        'unit_not_registered',
      );
    });
  });

  describe('withdrawing a document filed in error', () => {
    let refiled: Json;

    it('keeps it in the record and downloadable, but the checklist no longer counts it', async () => {
      const files = await storedFiles();
      const withdrawn = await api.post(
        documentsPath(`/${design.documentId}/withdraw`),
        { reason: '传错了版本' },
        { token: applicant },
      );
      expect(withdrawn.status).toBe(201);
      expect(withdrawn.body.document).toEqual({
        ...design,
        withdrawn: { reason: '传错了版本', at: api.clock.now().toISOString() },
      });
      expect(itemOf(withdrawn.body, 'application', 'design')).toMatchObject({
        documentIds: [],
        provided: false,
      });
      expect(missingOf(withdrawn.body, 'application')).toContain('设计方案及施工图');
      const stored = (await api.system.models.caseEvents
        .findOne({ caseId: unitId, seq: withdrawn.body.seq })
        .lean()
        .exec()) as Json;
      expect(stored).toMatchObject({
        type: 'DocumentWithdrawn',
        data: { documentId: design.documentId, reason: '传错了版本' },
      });
      const got = await download(design.documentId as string, applicant);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(PDF)).toBe(true);
      expect(await storedFiles()).toEqual(files);
    });

    it('refuses to withdraw it again, to withdraw or download one that does not exist, or to withdraw without a reason', async () => {
      await refusedUnchanged(
        () =>
          api.post(
            documentsPath(`/${design.documentId}/withdraw`),
            { reason: '再撤一次' },
            { token: applicant },
          ),
        404,
        'document_not_found',
        /材料/,
      );
      await refusedUnchanged(
        () =>
          api.post(documentsPath('/doc_000000000000/withdraw'), { reason: '没有这份' }, { token: applicant }),
        404,
        'document_not_found',
      );
      await refusedUnchanged(
        () => download('doc_000000000000', applicant),
        404,
        'document_not_found',
        /材料/,
      );
      await refusedUnchanged(
        () => api.post(documentsPath(`/${design.documentId}/withdraw`), {}, { token: applicant }),
        400,
        'validation_error',
      );
    });

    it('takes the same file again once the first was withdrawn, its bytes kept once', async () => {
      const files = await storedFiles();
      const again = await upload(PDF, 'application/pdf', applicant, { name: '施工图（定稿）.pdf' });
      expect(again.status).toBe(201);
      refiled = again.body.document;
      expect(refiled.documentId).not.toBe(design.documentId);
      expect(refiled.sha256).toBe(design.sha256);
      expect(itemOf(again.body, 'application', 'design').documentIds).toEqual([refiled.documentId]);
      expect(await storedFiles()).toEqual(files);
    });
  });

  describe('who may read and file documents', () => {
    it('refuses a signed-in resident, even of this unit, the list, the file and filing', async () => {
      expectError(await api.get(documentsPath(), { token: resident }), 403, 'forbidden');
      expectError(await download(design.documentId as string, resident), 403, 'forbidden');
      await refusedUnchanged(() => upload(pdf('住户'), 'application/pdf', resident), 403, 'forbidden');
    });

    it('answers a committee member of another community as if the unit did not exist', async () => {
      expectError(await api.get(documentsPath(), { token: otherCommittee }), 404, 'unit_not_registered');
      expectError(await download(design.documentId as string, otherCommittee), 404, 'unit_not_registered');
      await refusedUnchanged(
        () => upload(pdf('别的社区'), 'application/pdf', otherCommittee),
        404,
        'unit_not_registered',
      );
    });

    it('lets a district officer list and download them', async () => {
      const listed = await api.get(documentsPath(), { token: district });
      expect(listed.status).toBe(200);
      expect(listed.body.documents).toHaveLength(4);
      const got = await download(design.documentId as string, district);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(PDF)).toBe(true);
    });

    it('lets a sub-district officer list and download them, but not file one', async () => {
      expect((await api.get(documentsPath(), { token: subdistrict })).status).toBe(200);
      expect((await download(design.documentId as string, subdistrict)).status).toBe(200);
      await refusedUnchanged(() => upload(pdf('街道'), 'application/pdf', subdistrict), 403, 'forbidden');
    });
  });
});

describe('the application’s checklist', () => {
  const application = () => api.get(`/api/v1/units/${unitId}/application`, { token: applicant });

  it('shows, before the application, each item as filed and every required material still missing', async () => {
    const read = await application();
    expect(read.status).toBe(200);
    expect(read.body.application).toBeUndefined();
    expect(read.body.checklist.checklist).toBe('application');
    expect((read.body.checklist.items as Json[]).map((item) => [item.id, item.named, item.provided])).toEqual(
      [
        ['application_form', false, false],
        ['owner_decision', false, false],
        ['agreement', false, false],
        ['publicity', false, false],
        ['design', false, true],
        ['structure_safety', false, true],
        ['pipelines', false, false],
      ],
    );
    expect(read.body.checklist.missing).toEqual([
      '加装电梯申请书',
      '业主表决结果（双三分之二）',
      '加装电梯协议书（费用分摊、运行维护）',
      '公示情况及异议处理结果',
    ]);
  });

  it('marks the materials the application names by their labels, and misses only what is neither named nor filed', async () => {
    // What the `publicity.end` clock does at 24:00 of the last day.
    api.clock.set('2025-03-20T16:00:00.000Z');
    await endPublicity(api.system.commands, unitId, api.clock.now());
    api.clock.set('2025-03-21T02:00:00.000Z');
    const submitted = await api.post(
      `/api/v1/units/${unitId}/application`,
      { materials: ['加装电梯申请书', '业主表决结果（双三分之二）'] },
      { token: applicant },
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.checklist).toEqual((await application()).body.checklist);
    const { checklist } = (await application()).body;
    expect(
      (checklist.items as Json[]).map((item) => [
        item.id,
        item.named,
        item.documentIds.length,
        item.provided,
      ]),
    ).toEqual([
      ['application_form', true, 0, true],
      ['owner_decision', true, 0, true],
      ['agreement', false, 0, false],
      ['publicity', false, 0, false],
      ['design', false, 1, true],
      ['structure_safety', false, 1, true],
      ['pipelines', false, 0, false],
    ]);
    expect(checklist.missing).toEqual(['加装电梯协议书（费用分摊、运行维护）', '公示情况及异议处理结果']);
  });
});

/** Every string the records module exports, and what its sentence functions say for sample input. */
function recordSentences(): string[] {
  const m = messages;
  const sample = { code: '8K3M2P9Q', expiresOn: '2025-04-02' };
  return [
    m.SLIP_TITLE,
    m.SLIP_QR_CAPTION,
    m.PUBLICITY_TITLE,
    m.PUBLICITY_NO_COST,
    m.TOTAL_WORD,
    ...m.PUBLICITY_HOW_TO_OBJECT,
    ...m.CHECK_COLUMNS,
    ...Object.values(m.SHEET_WORDS),
    ...Object.values(m.RECORD_FILE_WORDS),
    ...Object.values(m.VOTE_CHANNEL_WORDS),
    ...Object.values(m.MATTER_WORDS),
    ...Object.values(m.AREA_SOURCE_WORDS),
    ...Object.values(m.SCHEME_WORDS),
    ...m.slipHowTo(sample),
    m.slipRoom('302'),
    m.slipsSheetHeading({ unitName: '演示新村 12幢2单元', count: 12, issuedAt: '2025年3月3日 10:00' }),
    ...m.publicityPeriodLines({ startedOn: '2025-03-10', endsOn: '2025-03-20', days: 10, provisional: true }),
    ...m.publicitySignature('2025-03-10'),
    m.publicityOpening({ unitName: '演示新村 12幢2单元', signedOn: '2025-03-10' }),
    ...m.ballotRecordColumns(true),
    ...m.rosterColumns(true, true),
    m.rosterHeading({ unitName: '演示新村', flats: 12, named: false }),
    ...m.rosterPlanRows({ version: 1, title: '方案' }).map(([label]) => label),
    m.pageFooter({ madeAt: '2025年3月10日 10:00', page: 1, pages: 2 }),
    ...m.ballotRecordHeading({
      unitName: '演示新村',
      title: '加装电梯表决',
      matter: 'major',
      opensAt: '2025年3月3日 10:00',
      endedAt: '2025年3月10日 10:00',
      status: 'cancelled',
      cancelReason: '名册有误',
      named: false,
    }).lines,
    m.voteCountsWords({ counts: true, valid: true }, true),
    m.voteCountsWords({ counts: false, valid: false }, false),
    m.voteCountsWords({ counts: false, valid: true }, false),
    m.voteCountsWords({ counts: true, valid: true }, false, true),
    m.choiceWords(undefined),
  ];
}

describe('the documents’ font', () => {
  it('has a glyph for every character the records write', () => {
    const missing = recordSentences().filter((sentence) => !fontCovers(sentence));
    expect(missing).toEqual([]);
  });

  it('has the characters of common names and of the units’ addresses', () => {
    expect(
      fontCovers('欧阳娜娜 诸葛亮 司马懿 熊猫 嬿 瑄 珺 堃 喆 镕 彧 浙江省杭州市拱墅区 12幢2单元 ㎡ ¥'),
    ).toBe(true);
  });

  it('tells a character it lacks (an extension-B ideograph)', () => {
    expect(fontCovers('𠀀')).toBe(false);
  });
});
