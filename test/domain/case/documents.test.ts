/**
 * A case's documents, as the pure decider sees them: filed for an item of a checklist once the
 * agreement is signed, never the same bytes twice for one item while the first still counts, withdrawn
 * in error once with a reason (the record stays); and `checklistStatus`, how a checklist stands
 * against them and the application's named materials and the district's notice of what is missing.
 */
import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  checklistItem,
  checklistStatus,
  decide,
  DEFAULT_CHECKLISTS,
  evolve,
  requireDocument,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type CaseState,
  type Checklists,
} from '../../../domain/case/index.js';
import { names } from '../../../domain/case/documents/checklists.js';
import { isDomainError } from '../../../domain/errors.js';
import { at, fold, given, historyThrough, historyUntil, run } from './support.js';

const seed = fastCheckSeed('case/documents.test.ts');

/** A SHA-256 made of one hex digit. */
const sha = (digit: string): string => digit.repeat(64);

type FileData = CaseCommandData['FileDocument'];

const file = (documentId: string, data: Partial<FileData> = {}): CaseCommand => ({
  type: 'FileDocument',
  data: {
    documentId,
    checklist: 'application',
    item: 'design',
    name: '施工图.pdf',
    contentType: 'application/pdf',
    sizeBytes: 1024,
    sha256: sha('a'),
    ...data,
  },
});
const withdraw = (documentId: string, reason = '传错了'): CaseCommand => ({
  type: 'WithdrawDocument',
  data: { documentId, reason },
});

const planned = historyThrough('PlanPublished');
const signed = historyThrough('AgreementSigned');

/** The events after `commands` are decided in turn on `from` (each must be decided). */
function after(from: readonly CaseEvent[], ...commands: CaseCommand[]): CaseEvent[] {
  return run(
    commands.map((command) => ({ command, now: at(30) })),
    from,
  ).events;
}

describe('filing a document', () => {
  it('waits for the agreement: what documents prove follows it', () => {
    given([]).when(file('d1')).then('unit_not_registered');
    given(planned).when(file('d1')).then('agreement_not_signed');
    given(historyUntil('voting')).when(file('d1')).then('agreement_not_signed');
  });

  it('records the document by its content hash once the agreement is signed', () => {
    const events = given(signed)
      .when(file('d1', { item: 'design', sha256: sha('b') }), at(23))
      .then([
        {
          type: 'DocumentFiled',
          data: {
            documentId: 'd1',
            checklist: 'application',
            item: 'design',
            name: '施工图.pdf',
            contentType: 'application/pdf',
            sizeBytes: 1024,
            sha256: sha('b'),
          },
        },
      ]);
    expect(fold(events, fold(signed)).documents).toEqual([
      {
        documentId: 'd1',
        checklist: 'application',
        item: 'design',
        name: '施工图.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1024,
        sha256: sha('b'),
      },
    ]);
  });

  it('keeps filing through the later stages, for either checklist', () => {
    given(historyUntil('approved'))
      .when(file('d1', { checklist: 'subsidy', item: 'final_account', contentType: 'image/jpeg' }))
      .events();
    given(historyUntil('in_service'))
      .when(file('d1', { checklist: 'subsidy', item: 'use_certificate', contentType: 'image/png' }))
      .events();
  });

  it('refuses the same bytes twice for one item, naming the document that has them', () => {
    const once = after(signed, file('d1'));
    given(once)
      .when(file('d2', { name: '再传一次.pdf' }))
      .then('document_already_filed', { documentId: 'd1' });
    // The same bytes may be filed for another item, or the same item of the other checklist.
    const elsewhere = after(
      once,
      file('d2', { item: 'structure_safety' }),
      file('d3', { checklist: 'subsidy', item: 'design' }),
    );
    expect(fold(elsewhere).documents.map((doc) => doc.documentId)).toEqual(['d1', 'd2', 'd3']);
    // Other bytes for the same item are a second document for it.
    given(once)
      .when(file('d2', { sha256: sha('c') }))
      .events();
  });

  it('takes the same bytes again for an item once the document that had them is withdrawn', () => {
    const withdrawn = after(signed, file('d1'), withdraw('d1'));
    given(withdrawn).when(file('d2')).events();
  });

  it('refuses an id already used, even by a withdrawn document', () => {
    const once = after(signed, file('d1'));
    given(once)
      .when(file('d1', { sha256: sha('c') }))
      .then('validation_error', { field: 'documentId' });
    given(after(once, withdraw('d1')))
      .when(file('d1', { sha256: sha('c') }))
      .then('validation_error', { field: 'documentId' });
  });

  it('refuses a hash that is not 64 lowercase hex digits', () => {
    for (const sha256 of [sha('A'), 'a'.repeat(63), 'a'.repeat(65), sha('g'), '', ` ${'a'.repeat(63)}`]) {
      given(signed).when(file('d1', { sha256 })).then('validation_error', { field: 'sha256' });
    }
  });

  it('refuses a size that is not a whole number of bytes from 1 to 50 MB', () => {
    for (const sizeBytes of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 50 * 1024 * 1024 + 1]) {
      given(signed).when(file('d1', { sizeBytes })).then('validation_error', { field: 'sizeBytes' });
    }
    given(signed)
      .when(file('d1', { sizeBytes: 1 }))
      .events();
    given(signed)
      .when(file('d1', { sizeBytes: 50 * 1024 * 1024 }))
      .events();
  });

  it('refuses a type other than PDF, JPEG or PNG', () => {
    for (const contentType of ['image/gif', 'application/msword', 'APPLICATION/PDF', '']) {
      given(signed)
        .when(file('d1', { contentType: contentType as FileData['contentType'] }))
        .then('validation_error', { field: 'contentType' });
    }
  });

  it('refuses an empty id, item or name', () => {
    given(signed).when(file(' ')).then('validation_error', { field: 'documentId' });
    given(signed)
      .when(file('d1', { item: '' }))
      .then('validation_error', { field: 'item' });
    given(signed)
      .when(file('d1', { name: ' ' }))
      .then('validation_error', { field: 'name' });
  });
});

describe('withdrawing a document', () => {
  const filed = after(signed, file('d1'));

  it('keeps the document in the record, marked withdrawn with its reason and when', () => {
    const events = given(filed)
      .when(withdraw('d1'), at(31))
      .then([
        {
          type: 'DocumentWithdrawn',
          data: { documentId: 'd1', reason: '传错了', withdrawnAt: at(31).toISOString() },
        },
      ]);
    const state = fold(events, fold(filed));
    expect(state.documents).toEqual([
      {
        documentId: 'd1',
        checklist: 'application',
        item: 'design',
        name: '施工图.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1024,
        sha256: sha('a'),
        withdrawn: { reason: '传错了', at: at(31).toISOString() },
      },
    ]);
  });

  it('leaves the other documents as they were', () => {
    const two = after(filed, file('d2', { sha256: sha('b') }), withdraw('d1'));
    const [first, second] = fold(two).documents;
    expect(first?.withdrawn?.reason).toBe('传错了');
    expect(second).not.toHaveProperty('withdrawn');
  });

  it('refuses an unknown document, one already withdrawn, and no reason', () => {
    given(filed).when(withdraw('nope')).then('document_not_found', { documentId: 'nope' });
    given(after(filed, withdraw('d1')))
      .when(withdraw('d1', '又传错了'))
      .then('document_not_found', { documentId: 'd1' });
    given(filed).when(withdraw('d1', ' ')).then('validation_error', { field: 'reason' });
    given([]).when(withdraw('d1')).then('document_not_found', { documentId: 'd1' });
  });

  it('is what requireDocument reads: a document that still counts', () => {
    const state = fold(after(filed, file('d2', { sha256: sha('b') }), withdraw('d1')));
    expect(requireDocument(state, 'd2').documentId).toBe('d2');
    expect(() => requireDocument(state, 'd1')).toThrow(
      expect.objectContaining({ code: 'document_not_found', details: { documentId: 'd1' } }),
    );
  });
});

describe('the checklists', () => {
  it('match a named material by an item’s id or its label, exactly but for spaces around it', () => {
    const design = checklistItem(DEFAULT_CHECKLISTS, 'application', 'design')!;
    expect(design.label).toBe('设计方案及施工图');
    expect(names(design, 'design')).toBe(true);
    expect(names(design, ' 设计方案及施工图 ')).toBe(true);
    expect(names(design, '设计方案')).toBe(false);
    expect(names(design, 'Design')).toBe(false);
    expect(checklistItem(DEFAULT_CHECKLISTS, 'subsidy', 'design')).toBeUndefined();
  });
});

/** Labels of the application checklist's required items, in order. */
const REQUIRED_APPLICATION = DEFAULT_CHECKLISTS.application
  .filter((item) => item.required)
  .map((item) => item.label);

/** After publicity: an application naming `materials`, and the district’s notice of `missing` if given. */
function submitted(materials: string[], missing?: string[]): CaseEvent[] {
  const commands: CaseCommand[] = [
    { type: 'SubmitApplication', data: { submittedOn: '2025-04-09', materials } },
    ...(missing === undefined
      ? []
      : [{ type: 'NotifyIncompleteMaterials', data: { notifiedOn: '2025-04-10', missing } } as const]),
  ];
  return run(
    commands.map((command) => ({ command, now: at(38) })),
    historyUntil('application'),
  ).events;
}

describe('how a checklist stands', () => {
  it('lists every item unprovided and the required ones missing before anything is handed in', () => {
    const status = checklistStatus(fold(signed), DEFAULT_CHECKLISTS, 'application');
    expect(status.checklist).toBe('application');
    expect(status.items).toEqual(
      DEFAULT_CHECKLISTS.application.map((item) => ({
        ...item,
        named: false,
        documentIds: [],
        provided: false,
        outstanding: false,
      })),
    );
    expect(status.missing).toEqual(REQUIRED_APPLICATION);
    expect(status.missing).not.toContain('管线迁移方案');
  });

  it('counts materials named in the application by id or label, and documents filed that still count', () => {
    const events = after(
      submitted(['application_form', '业主表决结果（双三分之二）', ' agreement ', '其他材料']),
      file('d1', { item: 'design' }),
      file('d2', { item: 'design', sha256: sha('b') }),
      file('d3', { item: 'structure_safety', sha256: sha('c') }),
      withdraw('d3'),
    );
    const status = checklistStatus(fold(events), DEFAULT_CHECKLISTS, 'application');
    const byId = Object.fromEntries(status.items.map((item) => [item.id, item]));
    expect(byId['application_form']).toMatchObject({ named: true, documentIds: [], provided: true });
    expect(byId['owner_decision']).toMatchObject({ named: true, provided: true });
    expect(byId['agreement']).toMatchObject({ named: true, provided: true });
    expect(byId['design']).toMatchObject({ named: false, documentIds: ['d1', 'd2'], provided: true });
    expect(byId['structure_safety']).toMatchObject({ named: false, documentIds: [], provided: false });
    expect(status.items.every((item) => !item.outstanding)).toBe(true);
    expect(status.missing).toEqual(['公示情况及异议处理结果', '房屋结构安全评估']);
  });

  it('adds what the district’s notice left outstanding, items and other things named, until supplied', () => {
    const notified = submitted(['application_form', 'agreement'], ['design', 'agreement', '规划许可证']);
    const status = checklistStatus(fold(notified), DEFAULT_CHECKLISTS, 'application');
    const byId = Object.fromEntries(status.items.map((item) => [item.id, item]));
    expect(byId['design']).toMatchObject({ provided: false, outstanding: true });
    // Named when submitted, but the district says it is missing: outstanding all the same.
    expect(byId['agreement']).toMatchObject({ named: true, provided: true, outstanding: true });
    expect(status.missing).toEqual([
      '业主表决结果（双三分之二）',
      '加装电梯协议书（费用分摊、运行维护）',
      '公示情况及异议处理结果',
      '设计方案及施工图',
      '房屋结构安全评估',
      '规划许可证',
    ]);

    // A document filed for an outstanding item supplies it; the notice's other names stay missing.
    const filed = after(notified, file('d1', { item: 'agreement' }), file('d2', { item: 'design' }));
    const afterFiling = checklistStatus(fold(filed), DEFAULT_CHECKLISTS, 'application');
    expect(afterFiling.items.filter((item) => item.outstanding)).toEqual([]);
    expect(afterFiling.missing).toEqual([
      '业主表决结果（双三分之二）',
      '公示情况及异议处理结果',
      '房屋结构安全评估',
      '规划许可证',
    ]);

    // Supplemented materials are named and no longer outstanding.
    const supplemented = run(
      [
        {
          command: {
            type: 'SupplementMaterials',
            data: { supplementedOn: '2025-04-12', materials: ['design', 'agreement', '规划许可证'] },
          },
          now: at(40),
        },
      ],
      notified,
    ).events;
    const afterSupplement = checklistStatus(fold(supplemented), DEFAULT_CHECKLISTS, 'application');
    expect(afterSupplement.items.find((item) => item.id === 'design')).toMatchObject({
      named: true,
      outstanding: false,
    });
    expect(afterSupplement.missing).toEqual([
      '业主表决结果（双三分之二）',
      '公示情况及异议处理结果',
      '房屋结构安全评估',
    ]);
  });

  it('reads the subsidy checklist from its documents only: the application’s materials and notice are not its', () => {
    const events = after(
      submitted(['agreement', 'acceptance_report'], ['final_account']),
      file('d1', { checklist: 'subsidy', item: 'acceptance_report' }),
      file('d2', { checklist: 'application', item: 'use_certificate', sha256: sha('b') }),
    );
    const status = checklistStatus(fold(events), DEFAULT_CHECKLISTS, 'subsidy');
    expect(status.items.map((item) => [item.id, item.named, item.documentIds, item.outstanding])).toEqual([
      ['acceptance_report', false, ['d1'], false],
      ['use_certificate', false, [], false],
      ['final_account', false, [], false],
      ['agreement', false, [], false],
    ]);
    expect(status.missing).toEqual(['特种设备使用登记证', '工程结算及发票', '加装电梯协议书']);
  });

  it('follows the city’s own checklists', () => {
    const city: Checklists = {
      ...DEFAULT_CHECKLISTS,
      subsidy: [
        { id: 'invoice', label: '发票', source: '区补助细则', confirmed: true, required: true },
        { id: 'photos', label: '现场照片', source: '区补助细则', confirmed: false, required: false },
      ],
    };
    const events = after(signed, file('d1', { checklist: 'subsidy', item: 'photos' }));
    const status = checklistStatus(fold(events), city, 'subsidy');
    expect(status).toEqual({
      checklist: 'subsidy',
      items: [
        { ...city.subsidy[0], named: false, documentIds: [], provided: false, outstanding: false },
        { ...city.subsidy[1], named: false, documentIds: ['d1'], provided: true, outstanding: false },
      ],
      missing: ['发票'],
    });
  });
});

describe('documents on random sequences of filing and withdrawing', () => {
  const ITEMS = [
    ['application', 'design'],
    ['application', 'agreement'],
    ['subsidy', 'agreement'],
  ] as const;
  const stepArbitrary = fc.oneof(
    fc.record({
      kind: fc.constant('file' as const),
      id: fc.nat({ max: 7 }),
      item: fc.nat({ max: ITEMS.length - 1 }),
      hash: fc.constantFrom('a', 'b', 'c'),
    }),
    fc.record({ kind: fc.constant('withdraw' as const), id: fc.nat({ max: 7 }) }),
  );

  it('count for each item exactly the documents filed for it and not withdrawn, never the same bytes twice', () => {
    const start = fold(signed);
    /** Every outcome the walks met: they must meet each rule, not only filings. */
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 30 }), (steps) => {
        let state: CaseState = start;
        /** The model: every document filed, and which were withdrawn. */
        const filed = new Map<string, { checklist: string; item: string; hash: string }>();
        const withdrawn = new Set<string>();
        for (const s of steps) {
          const documentId = `d${s.id}`;
          let command: CaseCommand;
          let expected: string;
          if (s.kind === 'file') {
            const [checklist, item] = ITEMS[s.item]!;
            command = file(documentId, { checklist, item, sha256: sha(s.hash) });
            const twin = [...filed].some(
              ([id, doc]) =>
                !withdrawn.has(id) && doc.checklist === checklist && doc.item === item && doc.hash === s.hash,
            );
            expected = filed.has(documentId)
              ? 'validation_error'
              : twin
                ? 'document_already_filed'
                : 'decided';
            if (expected === 'decided') filed.set(documentId, { checklist, item, hash: s.hash });
          } else {
            command = withdraw(documentId);
            expected = filed.has(documentId) && !withdrawn.has(documentId) ? 'decided' : 'document_not_found';
            if (expected === 'decided') withdrawn.add(documentId);
          }
          let outcome: string;
          try {
            state = decide(command, state, { now: at(30) }).reduce(evolve, state);
            outcome = 'decided';
          } catch (error) {
            if (!isDomainError(error)) throw error;
            outcome = error.code;
          }
          expect(outcome).toBe(expected);
          outcomes.add(`${s.kind} ${outcome}`);
        }
        for (const checklist of ['application', 'subsidy'] as const) {
          const status = checklistStatus(state, DEFAULT_CHECKLISTS, checklist);
          for (const item of status.items) {
            const counting = [...filed]
              .filter(
                ([id, doc]) => !withdrawn.has(id) && doc.checklist === checklist && doc.item === item.id,
              )
              .map(([id, doc]) => ({ id, hash: doc.hash }));
            expect(item.documentIds).toEqual(counting.map((doc) => doc.id));
            expect(new Set(counting.map((doc) => doc.hash)).size).toBe(counting.length);
            expect(item.provided).toBe(counting.length > 0);
          }
        }
        expect(state.documents.map((doc) => doc.documentId)).toEqual([...filed.keys()]);
      }),
      { seed, numRuns: 200 },
    );
    expect([...outcomes].sort()).toEqual([
      'file decided',
      'file document_already_filed',
      'file validation_error',
      'withdraw decided',
      'withdraw document_not_found',
    ]);
  });
});
