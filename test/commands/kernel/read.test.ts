/**
 * Commands on the real database, without HTTP: the case view projection (written after each command,
 * rebuilt when it lags), the configurable minimum open period, and the ids that let a ballot id find
 * its case.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCase, rebuildCaseView } from '../../../commands/kernel/read.js';
import { bindHousehold } from '../../../commands/bind-household.js';
import { castChatVote } from '../../../commands/cast-chat-vote.js';
import { castVote } from '../../../commands/cast-vote.js';
import { composeCommandContext } from '../../../commands/compose.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { isUnitId, newBallotId, newUnitId, unitIdOfBallot } from '../../../commands/kernel/ids.js';
import { issueBindingCodes } from '../../../commands/issue-binding-codes.js';
import { openBallot } from '../../../commands/open-ballot.js';
import { publishPlan } from '../../../commands/publish-plan.js';
import { registerUnit } from '../../../commands/register-unit.js';
import type { CommandMeta } from '../../../commands/kernel/stream-runner.js';
import { FixedClock } from '../../../lib/clock.js';
import { loadHolidayTable } from '../../../lib/holidays.js';
import { createLogger } from '../../../lib/log.js';
import { openTestDatabase, type TestDatabase } from '../../support/db.js';
import { flats } from '../../support/units.js';

const T0 = '2025-03-03T02:00:00.000Z';
const DAY = 86_400_000;
const holidays = loadHolidayTable();
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('cmd');
});
afterAll(async () => {
  await db.close();
});

function context(settings: { ballotMinimumOpenDays?: number } = {}): CommandContext {
  return composeCommandContext({
    models: db.models,
    clock: new FixedClock(T0),
    holidays,
    log: createLogger({ level: 'silent' }),
    settings,
  });
}
const meta = (now = T0): CommandMeta => ({
  actor: { kind: 'admin', id: 'admin' },
  channel: 'api',
  now: new Date(now),
});

describe('ids', () => {
  it('encodes the unit in the ballot id and tells ids apart by shape', () => {
    const unitId = newUnitId();
    expect(isUnitId(unitId)).toBe(true);
    const ballotId = newBallotId(unitId);
    expect(unitIdOfBallot(ballotId)).toBe(unitId);
    expect(unitIdOfBallot(unitId)).toBeUndefined();
    expect(isUnitId(ballotId)).toBe(false);
    expect(() => newBallotId('nonsense')).toThrow('not a unit id');
    expect(new Set(Array.from({ length: 200 }, newUnitId)).size).toBe(200);
  });
});

describe('the case view projection', () => {
  it('is written after each command with the seq and hash it reflects', async () => {
    const ctx = context();
    const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(4) }, meta());
    const opened = await openBallot(ctx, { unitId, title: 't', matter: 'ordinary' }, meta());
    await castVote(
      ctx,
      { ballotId: opened.ballot.ballotId, room: '101', choice: 'agree', channel: 'paper', reference: 'p1' },
      meta(),
    );
    const events = await ctx.streams.load(unitId);
    const view = await db.models.caseViews.findById(unitId).lean();
    expect(view).toMatchObject({
      seq: 3,
      hash: events[2]!.hash,
      stage: 'canvassing',
      projectedAt: new Date(T0),
    });
    expect(view!.state.ballots[0]!.votes).toHaveLength(1);
  });

  it('is noticed lagging and rebuilt by the next read, matching the fold of the stream', async () => {
    const ctx = context();
    const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(4) }, meta());
    const asOfSeq1 = await db.models.caseViews.findById(unitId).lean();
    const opened = await openBallot(ctx, { unitId, title: 't', matter: 'ordinary' }, meta());
    // The view goes back to seq 1, as if the process died between append and projection.
    await db.models.caseViews.collection.replaceOne({ _id: unitId } as never, asOfSeq1 as never);
    const read = await loadCase(context(), unitId);
    expect(read.head.seq).toBe(2);
    expect(read.state.ballots.map((b) => b.ballotId)).toEqual([opened.ballot.ballotId]);
    expect(await db.models.caseViews.findById(unitId).lean()).toMatchObject({ seq: 2 });

    const rebuilt = await rebuildCaseView(ctx, unitId);
    expect(JSON.parse(JSON.stringify(rebuilt.state))).toEqual(
      (await db.models.caseViews.findById(unitId).lean())!.state,
    );
  });

  it('never goes back to an older seq', async () => {
    const ctx = context();
    const { unitId, state, head } = await registerUnit(ctx, { name: '单元', flats: flats(2) }, meta());
    await openBallot(ctx, { unitId, title: 't', matter: 'ordinary' }, meta());
    const { writeCaseView } = await import('../../../models/case-view.js');
    const wrote = await writeCaseView(db.models.caseViews, {
      _id: unitId,
      seq: head.seq,
      hash: head.hash,
      stage: state.stage,
      state,
      projectedAt: new Date(T0),
    });
    expect(wrote).toBe(false);
    expect(await db.models.caseViews.findById(unitId).lean()).toMatchObject({ seq: 2 });
  });

  it('reads an unknown case as the initial state without a view', async () => {
    const read = await loadCase(context(), newUnitId());
    expect(read).toMatchObject({ state: { stage: 'new' }, head: { seq: 0 } });
  });
});

describe('the minimum open period (domain.md §2, configurable)', () => {
  it('defaults to 5 days and follows the setting', async () => {
    const ctx = context({ ballotMinimumOpenDays: 7 });
    expect(context().settings.ballotMinimumOpenDays).toBe(5);
    const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(2) }, meta());
    const opened = await openBallot(ctx, { unitId, title: 't', matter: 'ordinary' }, meta());
    expect(opened.ballot).toMatchObject({
      minimumOpenDays: 7,
      earliestCloseAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
    });
    const short = openBallot(
      ctx,
      { unitId, title: 't', matter: 'ordinary', closesAt: new Date(Date.parse(T0) + 6 * DAY) },
      meta(),
    );
    await expect(short).rejects.toMatchObject({ code: 'ballot_too_short', details: { minimumOpenDays: 7 } });
  });
});

describe('a chat vote in a group', () => {
  it('counts a household another process bound after this one cached the unit', async () => {
    // Two processes on one database: one binds the household, the other takes the vote.
    const binder = context();
    const voter = context();
    const { unitId } = await registerUnit(binder, { name: '两个进程', flats: flats(4) }, meta());
    await publishPlan(binder, { unitId, planVersion: 1, title: '方案一' }, meta());
    await openBallot(binder, { unitId, title: '加装电梯', matter: 'major' }, meta());
    const { codes } = await issueBindingCodes(binder, { unitId }, meta());
    await loadCase(voter, unitId); // the voting process caches the unit before the binding
    await voter.cases.load(unitId);
    const bound = await bindHousehold(
      binder,
      { contactId: 'wxid-late', code: codes[0]!.code },
      { now: new Date(T0) },
    );
    expect(bound.kind).toBe('bound');
    const input = { contactId: 'wxid-late', messageId: 'm-late-1', text: '同意', choice: 'agree' as const };
    const voted = await castChatVote(voter, { ...input, groupUnitId: unitId }, { now: new Date(T0) });
    expect(voted).toMatchObject({ kind: 'recorded', votes: [{ room: codes[0]!.room }] });
    // Now cached with the binding: the next vote in the group reads no contact record.
    const changed = await castChatVote(
      voter,
      { ...input, messageId: 'm-late-2', choice: 'oppose', groupUnitId: unitId },
      { now: new Date(T0) },
    );
    expect(changed).toMatchObject({ kind: 'recorded', votes: [{ room: codes[0]!.room, changed: true }] });
    // A member bound to nothing, and one bound only in another unit, are told so.
    expect(
      await castChatVote(
        voter,
        { ...input, contactId: 'wxid-none', groupUnitId: unitId },
        { now: new Date(T0) },
      ),
    ).toEqual({ kind: 'not_bound' });
    const other = await registerUnit(binder, { name: '别的单元', flats: flats(2) }, meta());
    expect(await castChatVote(voter, { ...input, groupUnitId: other.unitId }, { now: new Date(T0) })).toEqual(
      { kind: 'other_unit' },
    );
  });
});
