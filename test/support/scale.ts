/**
 * Databases of many units, seeded fast for the scale test: one unit is built through the real
 * commands (12 flats, a plan, an elevator ballot open for 7 days, some paper votes, binding codes),
 * then copied N times with `insertMany` under new unit ids — every event re-chained with the real
 * hash function, every view, deadline, code and message a copy of the template's with the ids
 * replaced. What the app writes beside them (the case registry, due indexes, checkpoints, code lists)
 * is written as the app would have.
 */
import { castVote } from '../../commands/cast-vote.js';
import { deadlineKey } from '../../commands/clocks.js';
import { composeCommandContext } from '../../commands/compose.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { openBallot } from '../../commands/open-ballot.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { registerUnit } from '../../commands/register-unit.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { planClocks } from '../../domain/clocks/index.js';
import type { HolidayTable } from '../../domain/calendar/index.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { hashEvent, type StoredEvent } from '../../models/case-stream.js';
import type { CaseViewDoc } from '../../models/case-view.js';
import { deadlineIndexOf, type DeadlineDoc } from '../../models/deadline.js';
import { insertUnique } from '../../models/define.js';
import { outboxIndexOf } from '../../models/outbox.js';
import type { Models } from '../../models/index.js';
import type { Connection } from 'mongoose';
import { flats } from './units.js';

const DAY = 86_400_000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `n` in `alphabet`, left-padded with its first letter to `length`. */
function encode(n: number, alphabet: string, length: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / alphabet.length))
    out = alphabet[rest % alphabet.length] + out;
  return out.padStart(length, alphabet[0]);
}

/** The 16-letter random part of seeded unit `i`'s id (`u_<part>`), distinct from any random one. */
const partOf = (i: number): string => `zz${encode(i, BASE32, 14)}`;

/** The unit seeded as number `i`. */
export const seededUnitId = (i: number): string => `u_${partOf(i)}`;

/** The unit built through the commands, to be copied. */
interface Template {
  readonly part: string;
  readonly events: readonly StoredEvent[];
  readonly view: CaseViewDoc;
  readonly deadlines: readonly DeadlineDoc[];
  readonly codes: readonly { readonly code: string; readonly room: string }[];
}

/** A database: its connection and models (a test's or a benchmark's). */
export interface SeedTarget {
  readonly connection: Connection;
  readonly models: Models;
}

/** A database of `units` units (plus the template), and the command context to run against it. */
export interface ScaleDatabase<D extends SeedTarget = SeedTarget> {
  readonly db: D;
  readonly ctx: CommandContext;
  readonly units: number;
  readonly now: Date;
  readonly holidays: HolidayTable;
}

/** The meta of seeding writes: the committee through the API, at `now`. */
export const adminMeta = (now: Date): CommandMeta => ({
  actor: { kind: 'admin', id: 'admin' },
  channel: 'api',
  now,
});

/** A fresh command context on `models` (its runner has nothing cached). */
export function contextOn(models: Models, now: Date, holidays: HolidayTable): CommandContext {
  return composeCommandContext({
    models,
    clock: new FixedClock(now.toISOString()),
    holidays,
    log: createLogger({ level: 'silent' }),
  });
}

async function buildTemplate(models: Models, now: Date, holidays: HolidayTable): Promise<Template> {
  const ctx = contextOn(models, now, holidays);
  const meta = adminMeta(now);
  const { unitId } = await registerUnit(ctx, { name: '规模单元', flats: flats(12) }, meta);
  await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一' }, meta);
  const opened = await openBallot(
    ctx,
    { unitId, title: '加装电梯表决', matter: 'major', closesAt: new Date(now.getTime() + 7 * DAY) },
    meta,
  );
  const { codes } = await issueBindingCodes(ctx, { unitId }, meta);
  for (const room of ['101', '102', '201', '202', '301']) {
    const input = { ballotId: opened.ballot.ballotId, room, choice: 'agree' as const };
    await castVote(ctx, { ...input, channel: 'paper', reference: `P-${room}` }, meta);
  }
  const view = (await models.caseViews.findById(unitId).lean<CaseViewDoc>().exec())!;
  const keys = planClocks(view.state, holidays).map((clock) => deadlineKey(unitId, clock));
  const deadlines = await models.deadlines
    .find({ _id: { $in: keys } })
    .lean<DeadlineDoc[]>()
    .exec();
  return { part: unitId.slice(2), events: await ctx.streams.load(unitId), view, deadlines, codes };
}

/** JSON of `value` with the template's unit part replaced by `part` (unit, ballot and deadline ids). */
function renamed<T>(value: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;
}

/** The template's stream, as unit `caseId`'s: the same events re-chained with the real hash. */
function chainFor(template: Template, part: string): (StoredEvent & { _id: string })[] {
  const caseId = `u_${part}`;
  let prevHash = template.events[0]!.prevHash;
  return template.events.map((event) => {
    const copy = renamed({ ...event, at: undefined, hash: undefined }, template.part, part);
    const unhashed = { ...copy, caseId, at: event.at, prevHash } as Omit<StoredEvent, 'hash'>;
    const hash = hashEvent(unhashed);
    prevHash = hash;
    return { _id: `${caseId}:${event.seq}`, ...unhashed, hash };
  });
}

const revive = (deadline: DeadlineDoc): DeadlineDoc => ({
  ...deadline,
  dueAt: new Date(deadline.dueAt),
  notBefore: new Date(deadline.notBefore),
  createdAt: new Date(deadline.createdAt),
});

/** Inserts `docs` into `collection` in batches. */
async function insertAll(
  collection: { insertMany(docs: never[], options: object): Promise<unknown> },
  docs: object[],
) {
  for (let i = 0; i < docs.length; i += 2000) {
    await collection.insertMany(docs.slice(i, i + 2000) as never[], { ordered: false });
  }
}

/**
 * Seeds `units` copies of the template unit into `db` (at `now`, every deadline still in the future),
 * each with a group binding, a checkpointed stream, 5 sent outbox messages, its codes and, for one
 * unit in five, an objection reference.
 */
export async function seedScaleDatabase<D extends SeedTarget>(
  db: D,
  units: number,
  now: Date,
  holidays: HolidayTable,
): Promise<ScaleDatabase<D>> {
  const { models, connection } = db;
  const template = await buildTemplate(models, now, holidays);
  // The app's own bookkeeping starts as on a database that has run this version all along.
  await deadlineIndexOf(models.deadlines).advanceCursor(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await outboxIndexOf(models.outbox).advanceCursor(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const registry = connection.collection('case_registry');
  const unitCodes = connection.collection('unit_codes');
  for (const [collection, _id] of [
    [registry, 'backfilled'],
    [unitCodes, 'backfilled:household'],
    [unitCodes, 'backfilled:group'],
  ] as const) {
    await insertUnique(collection, { _id, at: now });
  }

  const batch = 500;
  for (let start = 0; start < units; start += batch) {
    const events: object[] = [];
    const views: object[] = [];
    const slots: object[] = [];
    const checkpoints: object[] = [];
    const deadlines: DeadlineDoc[] = [];
    const clocks: object[] = [];
    const codes: object[] = [];
    const groupCodes: object[] = [];
    const codeLists: object[] = [];
    const groups: object[] = [];
    const refs: object[] = [];
    const outbox: object[] = [];
    for (let i = start; i < Math.min(units, start + batch); i++) {
      const part = partOf(i);
      const unitId = `u_${part}`;
      const chain = chainFor(template, part);
      const head = chain.at(-1)!;
      events.push(...chain);
      views.push({
        ...renamed(template.view, template.part, part),
        _id: unitId,
        hash: head.hash,
        headAt: head.at,
        projectedAt: now,
      });
      slots.push({ _id: String(i + 2), caseId: unitId, registeredAt: now });
      checkpoints.push({ _id: unitId, seq: head.seq, hash: head.hash, verifiedAt: now });
      const copies = template.deadlines.map((deadline) => revive(renamed(deadline, template.part, part)));
      deadlines.push(...copies);
      clocks.push({ _id: unitId, keys: copies.map((deadline) => deadline._id).sort(), at: now });
      const issued = template.codes.map(({ room }, k) => ({
        room,
        code: encode(i * 16 + k, CODE_ALPHABET, 8),
      }));
      codes.push(...issued.map(({ room, code }) => ({ _id: code, unitId, room, issuedAt: now })));
      const groupCode = `G${encode(i, CODE_ALPHABET, 7)}`;
      groupCodes.push({ _id: groupCode, unitId, issuedAt: now });
      codeLists.push(
        { _id: `household:${unitId}#1`, codes: issued, issuedAt: now },
        { _id: `group:${unitId}#1`, codes: [{ code: groupCode }], issuedAt: now },
      );
      groups.push({ _id: `room-${unitId}`, unitId, boundAt: now });
      if (i % 5 === 0) refs.push({ _id: `YY-${i / 5 + 1}`, unitId, createdAt: now });
      for (let k = 0; k < 5; k++) {
        outbox.push({
          _id: `receipt:${unitId}:${k}`,
          to: { kind: 'contact', id: `wx-${part}-${k}` },
          groupKey: `room-${unitId}`,
          text: '301 的同意票已记下。',
          priority: 'reply',
          notBefore: now,
          status: 'sent',
          attempts: 0,
          claimSeq: 1,
          createdAt: now,
          sentAt: now,
        });
      }
    }
    await insertAll(models.caseEvents.collection, events);
    await insertAll(models.caseViews.collection, views);
    await insertAll(registry, slots);
    await insertAll(connection.collection('audit_checkpoints'), checkpoints);
    await deadlineIndexOf(models.deadlines).add(
      deadlines.map((deadline) => ({ id: deadline._id, at: deadline.notBefore })),
      now,
    );
    await insertAll(models.deadlines.collection, deadlines);
    await insertAll(connection.collection('case_clocks'), clocks);
    await insertAll(models.bindingCodes.collection, codes);
    await insertAll(models.groupCodes.collection, groupCodes);
    await insertAll(unitCodes, codeLists);
    await insertAll(models.groups.collection, groups);
    if (refs.length > 0) await insertAll(models.objectionRefs.collection, refs);
    await insertAll(models.outbox.collection, outbox);
  }
  return { db, ctx: contextOn(models, now, holidays), units, now, holidays };
}
