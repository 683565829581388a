/**
 * Units for the benchmarks, seeded fast: one unit is built through the real commands, then copied
 * `n` times with `insertMany` under new unit ids — each copy's events re-chained with the real hash
 * function, its case view the template's with the ids replaced, its stream registered in the case
 * registry as the app registers it. Setting up thousands of units command by command takes many
 * minutes on FerretDB; copies give the same documents in seconds (as `test/support/scale.ts` does,
 * with only the collections the chain, memory and API benchmarks read).
 */
import { insertUnique } from '../models/define.js';
import type { Connection } from 'mongoose';
import { castVote } from '../commands/cast-vote.js';
import { composeCommandContext } from '../commands/compose.js';
import { openBallot } from '../commands/open-ballot.js';
import { publishPlan } from '../commands/publish-plan.js';
import { registerUnit } from '../commands/register-unit.js';
import type { CommandMeta } from '../commands/kernel/stream-runner.js';
import type { Choice } from '../domain/vote/index.js';
import { FixedClock } from '../lib/clock.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { createLogger } from '../lib/log.js';
import { hashEvent, type StoredEvent } from '../models/case-stream.js';
import type { CaseViewDoc } from '../models/case-view.js';
import type { Models } from '../models/index.js';
import { flats } from '../test/support/units.js';

const DAY = 86_400_000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The unit seeded as number `i`: `u_yy…` (14 base32 letters of `i`), distinct from any random id. */
export function benchUnitId(i: number): string {
  let part = '';
  for (let rest = i; rest > 0; rest = Math.floor(rest / 32)) part = BASE32[rest % 32] + part;
  return `u_yy${part.padStart(14, 'a')}`;
}

/** A unit built through the commands: its stream and its case view, to be copied. */
export interface TemplateUnit {
  readonly unitId: string;
  readonly ballotId: string;
  readonly events: readonly StoredEvent[];
  readonly view: CaseViewDoc;
}

/**
 * Registers a unit of 12 flats, publishes plan 1, opens its elevator ballot (closing 30 days after
 * `now`) and enters `votes` paper votes, going round the rooms and changing their choices, through
 * the real commands. The stream then holds `3 + votes` events.
 */
export async function buildTemplateUnit(models: Models, now: Date, votes: number): Promise<TemplateUnit> {
  const ctx = composeCommandContext({
    models,
    clock: new FixedClock(now.toISOString()),
    holidays: loadHolidayTable(),
    log: createLogger({ level: 'silent' }),
  });
  const meta: CommandMeta = { actor: { kind: 'admin', id: 'bench' }, channel: 'api', now };
  const rooms = flats(12).map((flat) => flat.room);
  const { unitId } = await registerUnit(ctx, { name: '基准单元', flats: flats(12) }, meta);
  await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一' }, meta);
  const { ballot } = await openBallot(
    ctx,
    { unitId, title: '加装电梯表决', matter: 'major', closesAt: new Date(now.getTime() + 30 * DAY) },
    meta,
  );
  const choices: Choice[] = ['agree', 'agree', 'oppose', 'abstain'];
  for (let i = 0; i < votes; i++) {
    const vote = { ballotId: ballot.ballotId, room: rooms[i % rooms.length]!, choice: choices[i % 4]! };
    await castVote(ctx, { ...vote, channel: 'paper', reference: `P-${i}` }, meta);
  }
  const view = (await models.caseViews.collection.findOne({
    _id: unitId,
  } as never)) as unknown as CaseViewDoc;
  const events = await ctx.streams.load(unitId);
  if (view === null || view.seq !== events.length) throw new Error('template unit has no current view');
  return { unitId, ballotId: ballot.ballotId, events, view };
}

/**
 * Copies the template as units `benchUnitId(0)` … `benchUnitId(count - 1)`: events re-chained with
 * the real hash (`_id = <caseId>:<seq>`), a case view (with `views`), a case-registry slot each (after
 * the template's, which holds slot 1) and the registry's marker that no backfill is due. Returns the
 * unit ids, in order.
 */
export async function copyUnits(
  db: { readonly connection: Connection; readonly models: Models },
  template: TemplateUnit,
  count: number,
  options: { readonly views?: boolean } = {},
): Promise<string[]> {
  const from = template.unitId.slice(2);
  // The template as JSON, renamed per copy by a string replace (dates put back after parsing).
  const eventsJson = JSON.stringify(
    template.events.map((event) => ({ ...event, at: undefined, hash: undefined, prevHash: undefined })),
  );
  const viewJson = JSON.stringify({ ...template.view, projectedAt: undefined });
  const registry = db.connection.collection('case_registry');
  // The system that made the template may have written the marker already (its start-up migration).
  await insertUnique(registry, { _id: 'backfilled', caseId: '', registeredAt: new Date() });
  const ids: string[] = [];
  const batch = Math.max(1, Math.floor(5000 / template.events.length));
  for (let start = 0; start < count; start += batch) {
    const eventDocs: object[] = [];
    const viewDocs: object[] = [];
    const slots: object[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const unitId = benchUnitId(i);
      const part = unitId.slice(2);
      ids.push(unitId);
      let prevHash = template.events[0]!.prevHash;
      const copied = JSON.parse(eventsJson.replaceAll(from, part)) as Omit<
        StoredEvent,
        'at' | 'hash' | 'prevHash'
      >[];
      for (const [k, event] of copied.entries()) {
        const unhashed = { ...event, at: template.events[k]!.at, prevHash };
        prevHash = hashEvent(unhashed);
        eventDocs.push({ _id: `${unitId}:${event.seq}`, ...unhashed, hash: prevHash });
      }
      if (options.views !== false) {
        const copy = JSON.parse(viewJson.replaceAll(from, part)) as object;
        viewDocs.push({
          ...copy,
          _id: unitId,
          hash: prevHash,
          headAt: template.events.at(-1)!.at,
          projectedAt: new Date(),
        });
      }
      slots.push({ _id: String(i + 2), caseId: unitId, registeredAt: new Date() });
    }
    await db.models.caseEvents.collection.insertMany(eventDocs as never[], { ordered: false });
    if (viewDocs.length > 0) {
      await db.models.caseViews.collection.insertMany(viewDocs as never[], { ordered: false });
    }
    await registry.insertMany(slots as never[], { ordered: false });
  }
  return ids;
}
