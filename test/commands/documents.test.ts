/**
 * A case's documents (`commands/documents.ts`) called directly on the real database, with the bytes
 * kept in a folder of the test's own (`fileDocumentStore`): a file is typed by its first bytes (a PDF,
 * a JPEG, a PNG, nothing else) and must be what its upload says; it is filed once the agreement is
 * signed for an item of the city's checklists as the settings give them, within the size limit, and
 * recorded with its SHA-256 while its bytes go to `<folder>/<two hex>/<sha256>`, the group told
 * nothing. Every refusal — an item not on the checklist, an empty file, one too large, one of another
 * type, a unit not yet signed, the same file twice — stores no event, queues nothing and leaves the
 * folder as it was. A document filed in error is withdrawn with its reason and stays readable; bytes
 * gone from the folder are the server's fault (a plain Error), not the caller's. `unitDocuments` shows
 * the application's and the subsidy's checklists against the materials named, the district's notice
 * and the documents filed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { notifyIncompleteMaterials, submitApplication } from '../../commands/application.js';
import { composeCommandContext } from '../../commands/compose.js';
import {
  fileDocument,
  readDocument,
  sniffDocumentType,
  unitDocuments,
  withdrawDocument,
} from '../../commands/documents.js';
import type { CommandContext, CommandSettings } from '../../commands/kernel/context.js';
import { DEFAULT_CHECKLISTS, DOCUMENT_TYPES, type FiledChecklist } from '../../domain/case/index.js';
import { DomainError } from '../../domain/errors.js';
import { FixedClock } from '../../lib/clock.js';
import { DocumentCorruptedError, fileDocumentStore, sha256Of } from '../../lib/document-store.js';
import { createLogger } from '../../lib/log.js';
import {
  adminAt,
  DAY,
  holidayTable,
  openCommandWorld,
  refusalsOn,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';
import { AFTER_PUBLICITY_MS, givenUnitAfterPublicity, groupOf } from '../support/lifecycle-fixtures.js';
import {
  givenPassedUnit,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
  SIGNED_MS,
} from '../support/publicity-fixtures.js';

/** The size limit the tests run with: small, so a file just over it is cheap to make. */
const LIMIT = 4096;

let world: CommandWorld;
const folders: string[] = [];
beforeAll(async () => {
  world = await openCommandWorld('documents');
});
afterAll(async () => {
  await world.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A command context on the world's database whose documents go to a fresh folder of its own. */
async function withFolder(
  settings: Partial<CommandSettings> = {},
): Promise<{ ctx: CommandContext; folder: string }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'jiati-documents-test-'));
  folders.push(folder);
  const ctx = composeCommandContext({
    models: world.models,
    clock: new FixedClock(T0),
    holidays: holidayTable(),
    log: createLogger({ level: 'silent' }),
    settings: { documentMaxBytes: LIMIT, ...settings },
    documents: fileDocumentStore(folder),
  });
  return { ctx, folder };
}

/** Every file under `folder`, as paths relative to it, sorted. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Where the store keeps `bytes` under `folder`, relative to it. */
const keptAs = (bytes: Buffer) => path.join(sha256Of(bytes).slice(0, 2), sha256Of(bytes));

const pdf = (body = '施工图') => Buffer.from(`%PDF-1.7\n% ${body}\n%%EOF\n`, 'utf8');
const jpeg = (fill = 1) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, fill, 0xff, 0xd9]);
const png = (fill = 1) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0, 0, 0, fill]),
  ]);

/** The day after signing, inside publicity (documents may be filed from the agreement on). */
const meta = adminAt(IN_PUBLICITY_MS);
const expectRefused = refusalsOn(() => world.models);

/** A filing of `bytes` as a PDF for the application's design drawings. */
const design = (
  unitId: string,
  bytes: Buffer = pdf(),
  over: Partial<Parameters<typeof fileDocument>[1]> = {},
) => ({
  unitId,
  checklist: 'application' as FiledChecklist,
  item: 'design',
  name: '施工图.pdf',
  declaredType: 'application/pdf',
  bytes,
  ...over,
});

/**
 * Expects `attempt` refused with `code` (and `details`): no event, nothing queued, and the folder
 * holding what it held before.
 */
async function expectNothingKept(
  folder: string,
  unitId: string,
  attempt: () => Promise<unknown>,
  code: string,
  details?: Record<string, unknown>,
): Promise<void> {
  const before = await filesIn(folder);
  await expectRefused(unitId, attempt, code, details);
  expect(await filesIn(folder)).toEqual(before);
}

describe('sniffDocumentType', () => {
  it('knows a PDF, a JPEG and a PNG by their first bytes', () => {
    expect(sniffDocumentType(pdf())).toBe('application/pdf');
    expect(sniffDocumentType(jpeg())).toBe('image/jpeg');
    expect(sniffDocumentType(png())).toBe('image/png');
  });

  it('knows nothing else: text, a GIF, a signature cut short, an empty file', () => {
    expect(sniffDocumentType(Buffer.from('施工图，见附件', 'utf8'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('%PDF', 'latin1'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(sniffDocumentType(png().subarray(0, 7))).toBeUndefined();
    expect(sniffDocumentType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('fileDocument', () => {
  it('records the file with its SHA-256, keeps its bytes by that hash, and tells the group nothing', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    await bindTestGroup(ctx, groupOf(unitId), unitId, adminAt(SIGNED_MS).now);
    const outbox = await world.models.outbox.countDocuments({});
    const bytes = pdf();

    const filed = await fileDocument(ctx, design(unitId, bytes), meta);

    expect(filed.document).toEqual({
      documentId: expect.stringMatching(/^doc_[0-9a-f]{12}$/),
      checklist: 'application',
      item: 'design',
      name: '施工图.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: sha256Of(bytes),
    });
    expect(filed.documents).toEqual([filed.document]);
    const event = await world.models.caseEvents.findById(`${unitId}:${filed.seq}`).lean().exec();
    expect(event).toMatchObject({
      type: 'DocumentFiled',
      data: filed.document,
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      at: meta.now,
    });
    expect(await filesIn(folder)).toEqual([keptAs(bytes)]);
    const item = filed.checklists[0]!.items.find((candidate) => candidate.id === 'design');
    expect(item).toMatchObject({ documentIds: [filed.document.documentId], provided: true, named: false });
    expect(filed.checklists[0]!.missing).not.toContain('设计方案及施工图');
    // Staff work with owners' papers: the group hears nothing of it.
    expect(await world.models.outbox.countDocuments({})).toBe(outbox);
  });

  it('takes a JPEG and a PNG typed as what they are, for the subsidy’s items too, and a file of exactly the limit', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const photo = await fileDocument(
      ctx,
      design(unitId, jpeg(), { item: 'structure_safety', name: '评估.jpg', declaredType: 'image/jpeg' }),
      meta,
    );
    const scan = await fileDocument(
      ctx,
      design(unitId, png(), {
        checklist: 'subsidy',
        item: 'use_certificate',
        name: '登记证.png',
        declaredType: 'image/png',
      }),
      meta,
    );
    const exact = Buffer.concat([pdf(), Buffer.alloc(LIMIT - pdf().length, 0x20)]);
    expect(exact.length).toBe(LIMIT);
    const large = await fileDocument(ctx, design(unitId, exact, { name: '大图.pdf' }), meta);

    expect([photo, scan, large].map((done) => [done.document.contentType, done.document.checklist])).toEqual([
      ['image/jpeg', 'application'],
      ['image/png', 'subsidy'],
      ['application/pdf', 'application'],
    ]);
    expect(large.document.sizeBytes).toBe(LIMIT);
    expect(large.documents.map((doc) => doc.name)).toEqual(['评估.jpg', '登记证.png', '大图.pdf']);
    expect(await filesIn(folder)).toEqual([keptAs(jpeg()), keptAs(png()), keptAs(exact)].sort());
  });

  it('refuses an item not on the settings’ checklist, naming the items allowed, and keeps nothing', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId, pdf(), { item: '施工图' }), meta),
      'validation_error',
      { field: 'item', allowed: DEFAULT_CHECKLISTS.application.map((item) => item.id) },
    );
    // An item of another checklist is not one of this one's.
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId, pdf(), { checklist: 'subsidy' }), meta),
      'validation_error',
      { field: 'item', allowed: ['acceptance_report', 'use_certificate', 'final_account', 'agreement'] },
    );
    expect(await filesIn(folder)).toEqual([]);
  });

  it('reads the checklists from the settings, not Hangzhou’s defaults', async () => {
    const drawing = { id: 'drawing', label: '图纸', source: '测试', confirmed: true, required: true };
    const { ctx, folder } = await withFolder({
      checklists: { application: [drawing], subsidy: [], provident_fund: [] },
    });
    const unitId = await givenUnitInPublicity(ctx);
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId), meta),
      'validation_error',
      { field: 'item', allowed: ['drawing'] },
    );
    const filed = await fileDocument(ctx, design(unitId, pdf(), { item: 'drawing' }), meta);
    expect(filed.checklists).toEqual([
      {
        checklist: 'application',
        items: [
          {
            ...drawing,
            named: false,
            documentIds: [filed.document.documentId],
            provided: true,
            outstanding: false,
          },
        ],
        missing: [],
      },
      { checklist: 'subsidy', items: [], missing: [] },
    ]);
  });

  it('refuses an empty file, and one a byte over the limit, keeping nothing', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId, Buffer.alloc(0)), meta),
      'validation_error',
      { field: 'body' },
    );
    const over = Buffer.concat([pdf(), Buffer.alloc(LIMIT + 1 - pdf().length, 0x20)]);
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId, over), meta),
      'payload_too_large',
      { limitBytes: LIMIT },
    );
    expect(await filesIn(folder)).toEqual([]);
  });

  it('refuses a file that is no PDF, JPEG or PNG, or not the type its upload says, keeping nothing', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const accepted = { accepted: [...DOCUMENT_TYPES] };
    const attempts: [Buffer, string][] = [
      [Buffer.from('施工图，见附件', 'utf8'), 'application/pdf'],
      [Buffer.from('GIF89a\x01\x00', 'latin1'), 'image/gif'],
      [png(), 'image/jpeg'],
      [jpeg(), 'image/png'],
      [pdf(), 'application/octet-stream'],
      [pdf(), ''],
    ];
    for (const [bytes, declaredType] of attempts) {
      await expectNothingKept(
        folder,
        unitId,
        () => fileDocument(ctx, design(unitId, bytes, { declaredType }), meta),
        'unsupported_media_type',
        accepted,
      );
    }
    expect(await filesIn(folder)).toEqual([]);
  });

  it('refuses a unit not signed yet, or not registered, and an empty name, keeping nothing', async () => {
    const { ctx, folder } = await withFolder();
    const { unitId: unsigned } = await givenPassedUnit(ctx);
    await expectNothingKept(
      folder,
      unsigned,
      () => fileDocument(ctx, design(unsigned), adminAt(SIGNED_MS + DAY)),
      'agreement_not_signed',
    );
    const nowhere = 'u_aaaaaaaaaaaaaaaa';
    await expectNothingKept(
      folder,
      nowhere,
      () => fileDocument(ctx, design(nowhere), meta),
      'unit_not_registered',
    );
    const signed = await givenUnitInPublicity(ctx);
    await expectNothingKept(
      folder,
      signed,
      () => fileDocument(ctx, design(signed, pdf(), { name: ' ' }), meta),
      'validation_error',
      { field: 'name' },
    );
    expect(await filesIn(folder)).toEqual([]);
  });

  it('refuses the same file twice for one item, but takes it for another item, kept once', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const first = await fileDocument(ctx, design(unitId), meta);
    await expectNothingKept(
      folder,
      unitId,
      () => fileDocument(ctx, design(unitId, pdf(), { name: '又一份.pdf' }), meta),
      'document_already_filed',
      { documentId: first.document.documentId },
    );
    const again = await fileDocument(ctx, design(unitId, pdf(), { item: 'pipelines' }), meta);
    expect(again.document.sha256).toBe(first.document.sha256);
    expect(again.documents.map((doc) => doc.item)).toEqual(['design', 'pipelines']);
    expect(await filesIn(folder)).toEqual([keptAs(pdf())]);
  });
});

describe('withdrawDocument', () => {
  it('marks the document withdrawn with its reason, so its item is missing again, telling the group nothing', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    await bindTestGroup(ctx, groupOf(unitId), unitId, adminAt(SIGNED_MS).now);
    const filed = await fileDocument(ctx, design(unitId), meta);
    const later = adminAt(IN_PUBLICITY_MS + DAY);
    const outbox = await world.models.outbox.countDocuments({});

    const withdrawn = await withdrawDocument(
      ctx,
      { unitId, documentId: filed.document.documentId, reason: '传错了，是旧版图纸' },
      later,
    );

    expect(withdrawn.document).toEqual({
      ...filed.document,
      withdrawn: { reason: '传错了，是旧版图纸', at: later.now.toISOString() },
    });
    expect(withdrawn.seq).toBe(filed.seq + 1);
    expect(withdrawn.documents).toEqual([withdrawn.document]);
    const item = withdrawn.checklists[0]!.items.find((candidate) => candidate.id === 'design');
    expect(item).toMatchObject({ documentIds: [], provided: false });
    expect(withdrawn.checklists[0]!.missing).toContain('设计方案及施工图');
    const event = await world.models.caseEvents.findById(`${unitId}:${withdrawn.seq}`).lean().exec();
    expect(event).toMatchObject({
      type: 'DocumentWithdrawn',
      data: {
        documentId: filed.document.documentId,
        reason: '传错了，是旧版图纸',
        withdrawnAt: later.now.toISOString(),
      },
    });
    expect(await world.models.outbox.countDocuments({})).toBe(outbox);
    // The same file may be filed again for the item once the first is withdrawn.
    const refiled = await fileDocument(ctx, design(unitId), later);
    expect(refiled.document.documentId).not.toBe(filed.document.documentId);
    expect(refiled.checklists[0]!.items.find((candidate) => candidate.id === 'design')!.documentIds).toEqual([
      refiled.document.documentId,
    ]);
  });

  it('refuses an unknown document, one already withdrawn, and an empty reason, storing nothing', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const filed = await fileDocument(ctx, design(unitId), meta);
    const documentId = filed.document.documentId;
    await expectRefused(
      unitId,
      () => withdrawDocument(ctx, { unitId, documentId: 'doc_000000000000', reason: '传错了' }, meta),
      'document_not_found',
      { documentId: 'doc_000000000000' },
    );
    await expectRefused(
      unitId,
      () => withdrawDocument(ctx, { unitId, documentId, reason: '  ' }, meta),
      'validation_error',
      { field: 'reason' },
    );
    await withdrawDocument(ctx, { unitId, documentId, reason: '传错了' }, meta);
    await expectRefused(
      unitId,
      () => withdrawDocument(ctx, { unitId, documentId, reason: '又传错了' }, meta),
      'document_not_found',
      { documentId },
    );
  });
});

describe('readDocument', () => {
  it('gives the record and the bytes as filed, a withdrawn document’s too', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const bytes = png(7);
    const filed = await fileDocument(
      ctx,
      design(unitId, bytes, { name: '图.png', declaredType: 'image/png' }),
      meta,
    );
    const read = await readDocument(ctx, { unitId, documentId: filed.document.documentId });
    expect(read.document).toEqual(filed.document);
    expect(read.bytes.equals(bytes)).toBe(true);

    await withdrawDocument(ctx, { unitId, documentId: filed.document.documentId, reason: '传错了' }, meta);
    const after = await readDocument(ctx, { unitId, documentId: filed.document.documentId });
    expect(after.document.withdrawn).toEqual({ reason: '传错了', at: meta.now.toISOString() });
    expect(after.bytes.equals(bytes)).toBe(true);
  });

  it('refuses a document the case does not have, and a unit not registered', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    await expect(readDocument(ctx, { unitId, documentId: 'doc_000000000000' })).rejects.toMatchObject({
      code: 'document_not_found',
      details: { documentId: 'doc_000000000000' },
    });
    await expect(
      readDocument(ctx, { unitId: 'u_aaaaaaaaaaaaaaaa', documentId: 'doc_000000000000' }),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
  });

  it('throws a plain Error, not a refusal, when the bytes are gone from the folder or no longer match', async () => {
    const { ctx, folder } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const bytes = jpeg(9);
    const filed = await fileDocument(
      ctx,
      design(unitId, bytes, { item: 'structure_safety', name: '评估.jpg', declaredType: 'image/jpeg' }),
      meta,
    );
    const { documentId, sha256 } = filed.document;
    const file = path.join(folder, keptAs(bytes));

    await writeFile(file, jpeg(10));
    const corrupted = await readDocument(ctx, { unitId, documentId }).catch((error: unknown) => error);
    expect(corrupted).toBeInstanceOf(DocumentCorruptedError);
    expect(corrupted).not.toBeInstanceOf(DomainError);

    await rm(file);
    const missing = await readDocument(ctx, { unitId, documentId }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Error);
    expect(missing).not.toBeInstanceOf(DomainError);
    expect((missing as Error).message).toBe(`The bytes of document ${documentId} (${sha256}) are missing.`);
  });
});

describe('unitDocuments', () => {
  it('lists the application’s and the subsidy’s checklists: every required item missing at first', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitInPublicity(ctx);
    const listed = await unitDocuments(ctx, unitId);
    expect(listed.unitId).toBe(unitId);
    expect(listed.documents).toEqual([]);
    expect(listed.checklists.map((status) => status.checklist)).toEqual(['application', 'subsidy']);
    expect(listed.checklists.map((status) => status.items.map((item) => item.id))).toEqual([
      DEFAULT_CHECKLISTS.application.map((item) => item.id),
      DEFAULT_CHECKLISTS.subsidy.map((item) => item.id),
    ]);
    expect(listed.checklists.map((status) => status.missing)).toEqual([
      [
        '加装电梯申请书',
        '业主表决结果（双三分之二）',
        '加装电梯协议书（费用分摊、运行维护）',
        '公示情况及异议处理结果',
        '设计方案及施工图',
        '房屋结构安全评估',
      ],
      ['竣工验收报告', '特种设备使用登记证', '工程结算及发票', '加装电梯协议书'],
    ]);
    await expect(unitDocuments(ctx, 'u_aaaaaaaaaaaaaaaa')).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
  });

  it('counts what the application named, what the district’s notice left outstanding, and each checklist’s own documents', async () => {
    const { ctx } = await withFolder();
    const unitId = await givenUnitAfterPublicity(ctx);
    const after = adminAt(AFTER_PUBLICITY_MS);
    await submitApplication(
      ctx,
      { unitId, materials: ['加装电梯申请书', 'owner_decision', '设计方案及施工图'] },
      after,
    );
    await notifyIncompleteMaterials(ctx, { unitId, missing: ['设计方案及施工图', '电梯井道照片'] }, after);
    const before = await unitDocuments(ctx, unitId);
    expect(before.checklists[0]!.missing).toEqual([
      '加装电梯协议书（费用分摊、运行维护）',
      '公示情况及异议处理结果',
      '设计方案及施工图',
      '房屋结构安全评估',
      '电梯井道照片',
    ]);
    expect(before.checklists[0]!.items.find((item) => item.id === 'design')).toMatchObject({
      named: true,
      provided: true,
      outstanding: true,
    });

    await fileDocument(ctx, design(unitId), after);
    await fileDocument(ctx, design(unitId, pdf('协议'), { checklist: 'subsidy', item: 'agreement' }), after);
    const listed = await unitDocuments(ctx, unitId);
    expect(listed.documents.map((doc) => [doc.checklist, doc.item])).toEqual([
      ['application', 'design'],
      ['subsidy', 'agreement'],
    ]);
    // The subsidy's agreement is not the application's: that one is still missing there.
    expect(listed.checklists[0]!.missing).toEqual([
      '加装电梯协议书（费用分摊、运行维护）',
      '公示情况及异议处理结果',
      '房屋结构安全评估',
      '电梯井道照片',
    ]);
    expect(listed.checklists[1]!.missing).toEqual(['竣工验收报告', '特种设备使用登记证', '工程结算及发票']);
  });
});
