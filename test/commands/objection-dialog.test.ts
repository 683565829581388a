/**
 * The `异议` dialog on the real database: who may start one (a flat's owner, not a proxy, not someone
 * unbound or bound elsewhere), whether an objection now would be in the publicity window (`[start,
 * 24:00 of the last day)`), each step's answers and refusals (a bare number is no text; at most 1000
 * characters, counted as people count them), a dialog that lapses after an hour of silence, and the
 * confirmation that files one named, written chat objection once — the dialog ending even when filing
 * is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import {
  answerObjectionDialog,
  DIALOG_TTL_MS,
  MAX_OBJECTION_TEXT,
  objectionWindowOf,
  openDialogOf,
  startObjectionDialog,
  type DialogReplyMeaning,
} from '../../commands/objection-dialog.js';
import { saveDialog, type DialogDoc } from '../../models/dialog.js';
import { adminAt, openCommandWorld, slipsOf, T0, type CommandWorld } from '../support/commands.js';
import {
  givenPassedUnit,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
  PUBLICITY_ENDS_MS,
  SIGNED_MS,
} from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
let unitId: string;
let passedId: string;
beforeAll(async () => {
  world = await openCommandWorld('objection-dialog');
  ctx = world.ctx;
  unitId = await givenUnitInPublicity(ctx);
  ({ unitId: passedId } = await givenPassedUnit(ctx));
  const slip = await slipsOf(ctx, unitId);
  await bindHousehold(ctx, { contactId: 'wx-owner', code: slip('101') }, adminAt());
  await bindHousehold(ctx, { contactId: 'wx-proxy', code: slip('102'), asProxy: true }, adminAt());
  await bindHousehold(ctx, { contactId: 'wx-text', code: slip('201') }, adminAt());
  const early = await slipsOf(ctx, passedId);
  await bindHousehold(ctx, { contactId: 'wx-early', code: early('202') }, adminAt());
});
afterAll(() => world.close());

const at = (ms = IN_PUBLICITY_MS) => new Date(Date.parse(T0) + ms);
const NOTHING: DialogReplyMeaning = { cancel: false, confirm: false, decline: false, bareNumber: false };
let messages = 0;
/** The id of the last message `answer` sent. */
let messageId = '';

/** Answers the contact's open dialog with `text` meaning `reply`, at `now`. */
async function answer(contactId: string, text: string, reply: Partial<DialogReplyMeaning>, now = at()) {
  const dialog = await openDialogOf(ctx, contactId, now);
  if (dialog === null) throw new Error(`no open dialog for ${contactId}`);
  messageId = `msg-${++messages}`;
  return answerObjectionDialog(
    ctx,
    dialog,
    { contactId, messageId, text, reply: { ...NOTHING, ...reply } },
    { now },
  );
}

describe('objectionWindowOf', () => {
  it('is not yet open before the agreement, open in publicity, and over from 24:00 of its last day', async () => {
    const { state: passed } = await loadCase(ctx, passedId);
    const { state } = await loadCase(ctx, unitId);
    const days = { startedOn: '2025-03-10', endsOn: '2025-03-20' };
    expect(objectionWindowOf(passed, at())).toEqual({ kind: 'not_yet' });
    expect(objectionWindowOf(state, at(SIGNED_MS - 1))).toEqual({ kind: 'not_yet' });
    expect(objectionWindowOf(state, at(SIGNED_MS))).toEqual({ kind: 'open', ...days });
    expect(objectionWindowOf(state, at(PUBLICITY_ENDS_MS - 1))).toEqual({ kind: 'open', ...days });
    expect(objectionWindowOf(state, at(PUBLICITY_ENDS_MS))).toEqual({ kind: 'over', ...days });
  });
});

describe('startObjectionDialog', () => {
  it('lets only an owner start, for a flat in the group’s unit', async () => {
    const start = (contactId: string, groupUnitId: string | null) =>
      startObjectionDialog(ctx, { contactId, groupUnitId }, { now: at() });
    expect(await start('wx-nobody', null)).toEqual({ kind: 'not_bound' });
    expect(await start('wx-proxy', unitId)).toEqual({ kind: 'proxy_only' });
    expect(await start('wx-owner', passedId)).toEqual({ kind: 'other_unit' });
    for (const contactId of ['wx-nobody', 'wx-proxy']) {
      expect(await world.models.dialogs.findById(contactId).lean()).toBeNull();
    }
  });

  it('opens the dialog at the ground question for the contact’s first flat, lapsing after an hour', async () => {
    expect(
      await startObjectionDialog(ctx, { contactId: 'wx-owner', groupUnitId: null }, { now: at() }),
    ).toEqual({
      kind: 'started',
      unitId,
      room: '101',
      window: { kind: 'open', startedOn: '2025-03-10', endsOn: '2025-03-20' },
    });
    expect(await world.models.dialogs.findById('wx-owner').lean()).toMatchObject({
      kind: 'objection',
      unitId,
      room: '101',
      step: 'ground',
      startedAt: at(),
      expiresAt: new Date(at().getTime() + DIALOG_TTL_MS),
    });
    expect(await openDialogOf(ctx, 'wx-owner', at(IN_PUBLICITY_MS + DIALOG_TTL_MS - 1))).not.toBeNull();
    expect(await openDialogOf(ctx, 'wx-owner', at(IN_PUBLICITY_MS + DIALOG_TTL_MS))).toBeNull();
  });
});

describe('answerObjectionDialog', () => {
  it('asks each step again until it gets an answer it can use, and 2 at the confirmation cancels', async () => {
    await startObjectionDialog(ctx, { contactId: 'wx-text', groupUnitId: unitId }, { now: at() });
    expect(await answer('wx-text', '5', { bareNumber: true })).toEqual({ kind: 'invalid_ground' });
    expect((await openDialogOf(ctx, 'wx-text', at()))!.step).toBe('ground');

    const later = at(IN_PUBLICITY_MS + 60_000);
    expect(await answer('wx-text', '2', { ground: 'daylight', bareNumber: true }, later)).toEqual({
      kind: 'ask_text',
      ground: 'daylight',
    });
    expect(await openDialogOf(ctx, 'wx-text', later)).toMatchObject({
      step: 'text',
      ground: 'daylight',
      updatedAt: later,
      expiresAt: new Date(later.getTime() + DIALOG_TTL_MS),
    });

    expect(await answer('wx-text', '   ', {})).toEqual({ kind: 'invalid_text', tooLong: false });
    expect(await answer('wx-text', '12', { bareNumber: true })).toEqual({
      kind: 'invalid_text',
      tooLong: false,
    });
    // Characters as people count them: 1000 emoji are 2000 UTF-16 units and still fit; 1001 do not.
    expect(await answer('wx-text', '😀'.repeat(MAX_OBJECTION_TEXT + 1), {})).toEqual({
      kind: 'invalid_text',
      tooLong: true,
    });
    const longest = '😀'.repeat(MAX_OBJECTION_TEXT);
    expect(await answer('wx-text', `  ${longest}\n`, {})).toEqual({
      kind: 'confirm',
      room: '201',
      ground: 'daylight',
      text: longest,
    });
    expect(await openDialogOf(ctx, 'wx-text', at())).toMatchObject({
      step: 'confirm',
      textMessageId: messageId,
    });

    expect(await answer('wx-text', '好', {})).toEqual({ kind: 'invalid_confirm' });
    expect(await answer('wx-text', '2', { decline: true, bareNumber: true })).toEqual({ kind: 'cancelled' });
    expect(await world.models.dialogs.findById('wx-text').lean()).toBeNull();
    expect((await loadCase(ctx, unitId)).state.objections).toEqual([]);
  });

  it('cancels at any step on 取消', async () => {
    await startObjectionDialog(ctx, { contactId: 'wx-text', groupUnitId: null }, { now: at() });
    await answer('wx-text', '1', { ground: 'ventilation', bareNumber: true });
    expect(await answer('wx-text', '取消', { cancel: true })).toEqual({ kind: 'cancelled' });
    expect(await openDialogOf(ctx, 'wx-text', at())).toBeNull();
  });

  it('files one named, written chat objection on confirmation; the same dialog confirmed again files nothing', async () => {
    await startObjectionDialog(ctx, { contactId: 'wx-owner', groupUnitId: unitId }, { now: at() });
    await answer('wx-owner', '3', { ground: 'passage', bareNumber: true });
    await answer('wx-owner', '电梯井挡住楼道', {});
    const textMessageId = messageId;
    const dialog = (await openDialogOf(ctx, 'wx-owner', at()))!;
    const confirm = (id: string) =>
      answerObjectionDialog(
        ctx,
        dialog,
        {
          contactId: 'wx-owner',
          messageId: id,
          text: '1',
          reply: { ...NOTHING, confirm: true, bareNumber: true },
        },
        { now: at() },
      );

    const filed = await confirm('msg-confirm-1');
    if (filed.kind !== 'filed') throw new Error(`not filed: ${filed.kind}`);
    expect(filed.window).toEqual({ startedOn: '2025-03-10', endsOn: '2025-03-20' });
    expect(filed.result.objection).toMatchObject({
      named: true,
      written: true,
      ground: 'passage',
      channel: 'wechat',
      effective: true,
      objector: { room: '101', contactId: 'wx-owner' },
      summary: '电梯井挡住楼道',
    });
    expect(filed.result.event).toMatchObject({
      actor: { kind: 'resident', id: 'wx-owner' },
      channel: 'wechat',
      data: { messageId: textMessageId, text: '电梯井挡住楼道' },
    });
    expect(await openDialogOf(ctx, 'wx-owner', at())).toBeNull();

    expect(await confirm('msg-confirm-2')).toEqual({ kind: 'duplicate' });
    expect((await loadCase(ctx, unitId)).state.objections).toHaveLength(1);
  });

  it('files an objection said before publicity as not effective, without a window to name', async () => {
    await startObjectionDialog(ctx, { contactId: 'wx-early', groupUnitId: null }, { now: at() });
    await answer('wx-early', '1', { ground: 'ventilation', bareNumber: true });
    await answer('wx-early', '挡风', {});
    const filed = await answer('wx-early', '确认', { confirm: true });
    expect(filed).toMatchObject({
      kind: 'filed',
      result: { unitId: passedId, objection: { effective: false } },
    });
    expect(filed).not.toHaveProperty('window');
    if (filed.kind === 'filed') expect(filed.result.objection.ineffectiveReasons).toEqual(['outside_window']);
  });

  it('ends the dialog even when filing is refused', async () => {
    const dialog: DialogDoc = {
      _id: 'wx-gone',
      kind: 'objection',
      sessionId: 'session-gone',
      unitId: 'u_aaaaaaaaaaaaaaaa',
      room: '101',
      step: 'confirm',
      ground: 'daylight',
      text: '挡光',
      textMessageId: 'msg-gone',
      startedAt: at(),
      updatedAt: at(),
      expiresAt: new Date(at().getTime() + DIALOG_TTL_MS),
    };
    await saveDialog(world.models.dialogs, dialog);
    await expect(
      answerObjectionDialog(
        ctx,
        dialog,
        { contactId: 'wx-gone', messageId: 'msg-x', text: '1', reply: { ...NOTHING, confirm: true } },
        { now: at() },
      ),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    expect(await world.models.dialogs.findById('wx-gone').lean()).toBeNull();
  });
});
