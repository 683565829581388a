/**
 * `fileObjection` on the real database: every objection is recorded under a fresh reference `YY-<n>`,
 * effective or not, with every reason it does not count — the publicity window is `[start, 24:00 of
 * the last day)`; each committee contact of the unit (and no one else) is alerted privately, once; a
 * refused objection claims no reference and appends nothing. `publicityDays` says the window as days.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  fileObjection,
  publicityDays,
  type FileObjectionInput,
  type FileObjectionResult,
} from '../../commands/file-objection.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { objectionAlert } from '../../messages/publicity.js';
import { adminAt, openCommandWorld, residentAt, T0, type CommandWorld } from '../support/commands.js';
import {
  givenPassedUnit,
  givenRole,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
  PUBLICITY_ENDS_MS,
} from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('file-objection');
  ctx = world.ctx;
  unitId = await givenUnitInPublicity(ctx);
  await givenRole(ctx, unitId, 'wx-zhang', 'committee');
  await givenRole(ctx, unitId, 'wx-li', 'committee');
  await givenRole(ctx, unitId, 'wx-li', 'applicant');
  await givenRole(ctx, unitId, 'wx-rep', 'applicant');
});
afterAll(() => world.close());

/** A named written objection on passage from 201, entered from paper and filed `ms` after T0. */
function paper(ms: number, changes: Partial<FileObjectionInput> = {}): Promise<FileObjectionResult> {
  const meta = adminAt(ms);
  return fileObjection(
    ctx,
    {
      unitId,
      named: true,
      written: true,
      ground: 'passage',
      channel: 'paper',
      filedAt: meta.now,
      objector: { room: '201' },
      summary: '楼道变窄',
      ...changes,
    },
    meta,
  );
}

const refNumber = (ref: string) => Number(/^YY-(\d+)$/.exec(ref)![1]);
const refsStored = () => world.models.objectionRefs.countDocuments();

describe('fileObjection', () => {
  it('counts an objection filed in the last millisecond of publicity, and not one filed at 24:00', async () => {
    const last = await paper(PUBLICITY_ENDS_MS - 1);
    expect(last.objection).toMatchObject({ effective: true, ineffectiveReasons: [], status: 'open' });
    const late = await paper(PUBLICITY_ENDS_MS);
    expect(late.objection).toMatchObject({
      effective: false,
      ineffectiveReasons: ['outside_window'],
      status: 'ineffective',
    });
    expect(refNumber(late.reference)).toBe(refNumber(last.reference) + 1);
    expect(late.event).toMatchObject({
      type: 'ObjectionFiled',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { objectionId: late.reference, effective: false, ineffectiveReason: 'outside_window' },
    });
  });

  it('alerts each committee contact once, privately, and not the applicant representative', async () => {
    const filed = await paper(IN_PUBLICITY_MS);
    expect(filed.alerted).toBe(2);
    const alerts = await world.models.outbox
      .find({ _id: { $regex: `^objection-alert:${filed.reference}:` } })
      .sort({ _id: 1 })
      .lean();
    expect(alerts.map((doc) => [doc._id, doc.to, doc.priority])).toEqual([
      [`objection-alert:${filed.reference}:wx-li`, { kind: 'contact', id: 'wx-li' }, 'notice'],
      [`objection-alert:${filed.reference}:wx-zhang`, { kind: 'contact', id: 'wx-zhang' }, 'notice'],
    ]);
    // The summary stands in for a paper objection's text; the room, never the name.
    expect(alerts[0]!.text).toBe(
      objectionAlert({
        ref: filed.reference,
        unitName: '公示测试单元',
        room: '201',
        ground: 'passage',
        effective: true,
        reasons: [],
        text: '楼道变窄',
      }),
    );
  });

  it('records a chat objection verbatim, listing every reason it does not count', async () => {
    const filed = await fileObjection(
      ctx,
      {
        unitId,
        named: false,
        written: false,
        ground: 'other',
        channel: 'wechat',
        filedAt: new Date(Date.parse(T0) + IN_PUBLICITY_MS),
        summary: '摘要',
        messageId: 'msg-1',
        text: '电梯太吵了',
      },
      residentAt('wx-someone', IN_PUBLICITY_MS),
    );
    expect(filed.objection.ineffectiveReasons).toEqual(['anonymous', 'oral', 'ground_not_covered']);
    expect(filed.event).toMatchObject({
      actor: { kind: 'resident', id: 'wx-someone' },
      channel: 'wechat',
      data: { messageId: 'msg-1', text: '电梯太吵了', summary: '摘要' },
    });
    const alert = await world.models.outbox.findById(`objection-alert:${filed.reference}:wx-zhang`).lean();
    expect(alert!.text).toContain('内容：电梯太吵了');
    expect(alert!.text).not.toContain('摘要');
  });

  it.each([
    [
      'a filing time in the future',
      { filedAt: new Date(Date.parse(T0) + IN_PUBLICITY_MS + 1) },
      'validation_error',
    ],
    [
      'a filing time before the unit was registered',
      { filedAt: new Date(Date.parse(T0) - 1) },
      'validation_error',
    ],
    [
      'a chat objection without its message',
      { channel: 'wechat' as const, text: '有意见' },
      'message_not_kept',
    ],
    ['an unregistered unit', { unitId: 'u_aaaaaaaaaaaaaaaa' }, 'unit_not_registered'],
    ['a malformed unit id', { unitId: 'nonsense' }, 'unit_not_registered'],
  ])('refuses %s, claiming no reference and appending nothing', async (_label, changes, code) => {
    const events = (await ctx.streams.load(unitId)).length;
    const refs = await refsStored();
    await expect(paper(IN_PUBLICITY_MS, changes)).rejects.toMatchObject({ code });
    expect(await refsStored()).toBe(refs);
    expect(await ctx.streams.load(unitId)).toHaveLength(events);
  });

  it('takes the next reference after refusals, with no gap', async () => {
    const first = await paper(IN_PUBLICITY_MS);
    await expect(paper(IN_PUBLICITY_MS, { unitId: 'u_aaaaaaaaaaaaaaaa' })).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
    const second = await paper(IN_PUBLICITY_MS);
    expect(refNumber(second.reference)).toBe(refNumber(first.reference) + 1);
  });
});

describe('publicityDays', () => {
  it('is absent before the agreement is signed, then names the first and last day', async () => {
    const { unitId: passed } = await givenPassedUnit(ctx);
    expect(publicityDays((await loadCase(ctx, passed)).state)).toBeUndefined();
    expect(publicityDays((await loadCase(ctx, unitId)).state)).toEqual({
      startedOn: '2025-03-10',
      endsOn: '2025-03-20',
    });
  });
});
