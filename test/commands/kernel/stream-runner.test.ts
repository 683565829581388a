/**
 * `StreamRunner` on the real database, for what `test/models/case-stream.test.ts` (racing writers,
 * group commit, refusals, the accept check) leaves out: a decision on a stale cache collides with
 * another process's append and is decided again on the reloaded stream, until the retries run out;
 * a failed load or append answers every command of its group and drops the cache; where a load
 * starts (cache, then a snapshot handed in, then the `snapshot` option) and the bounded cache; the
 * views written after a command, coalesced for a burst or written behind; `tryDecide` stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StreamRunner, type CommandMeta, type Decider } from '../../../commands/kernel/stream-runner.js';
import { DomainError } from '../../../domain/errors.js';
import {
  CaseStreams,
  EMPTY_HEAD,
  StreamConflictError,
  type NewEvent,
  type StoredEvent,
  type StreamHead,
} from '../../../models/case-stream.js';
import { connectDatabase } from '../../../lib/db.js';
import { createModels } from '../../../models/index.js';
import { T0 } from '../../support/commands.js';
import { openTestDatabase, type TestDatabase } from '../../support/db.js';
import { unreachableModels } from '../../support/kernel-fixtures.js';

/** A note to append, `count` times (0: the command decides nothing). */
interface Note {
  readonly text: string;
  readonly count?: number;
}
type Noted = { type: 'Noted'; data: { text: string } };

/** The notes decider, counting how often each note was decided (a retry decides again). */
function notes(): Decider<string[], Note, Noted> & { decided: string[] } {
  const decided: string[] = [];
  return {
    decided,
    initialState: [],
    evolve: (state, event) => [...state, event.data.text],
    decide: (command) => {
      decided.push(command.text);
      return Array.from({ length: command.count ?? 1 }, () => ({
        type: 'Noted' as const,
        data: { text: command.text },
      }));
    },
  };
}

const meta: CommandMeta = { actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: new Date(T0) };
const note = (text: string): NewEvent => ({ type: 'Noted', data: { text }, ...meta, at: meta.now });

let db: TestDatabase;
let streams: CaseStreams;
beforeAll(async () => {
  db = await openTestDatabase('kernel-stream-runner');
  streams = new CaseStreams(db.models.caseEvents);
});
afterAll(() => db.close());

/** What is stored in the stream, as texts in seq order. */
const stored = async (caseId: string) =>
  (await streams.load(caseId)).map((event) => (event.data as { text: string }).text);

/** Another process appends `text` at the stream's current end. */
async function rivalAppends(caseId: string, text: string): Promise<void> {
  const tail = await streams.load(caseId);
  const head: StreamHead = tail.length === 0 ? EMPTY_HEAD : tail.at(-1)!;
  await streams.append(caseId, head, note(text));
}

/**
 * Streams through which another process appends first, just before each of this runner's next
 * `rivalTurns` appends (a real append to the same database, in the gap between decide and append).
 */
class ContestedStreams extends CaseStreams {
  rivalTurns = 0;
  override async appendAll(
    caseId: string,
    expected: StreamHead,
    events: readonly NewEvent[],
  ): Promise<{ readonly stored: readonly StoredEvent[]; readonly conflict?: StreamConflictError }> {
    if (this.rivalTurns > 0) {
      this.rivalTurns--;
      await rivalAppends(caseId, `rival-${this.rivalTurns}`);
    }
    return super.appendAll(caseId, expected, events);
  }
}

describe('optimistic appends', () => {
  it('decides on its cache, collides with what another process appended, and decides again after it', async () => {
    const decider = notes();
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), decider);
    await runner.execute('c-stale', { text: 'a' }, meta);
    await rivalAppends('c-stale', 'b');
    // The cache still says seq 1: no read before deciding.
    expect(runner.cached('c-stale')?.head.seq).toBe(1);
    const executed = await runner.execute('c-stale', { text: 'c' }, meta);
    expect(decider.decided).toEqual(['a', 'c', 'c']);
    expect(executed.before).toEqual(['a', 'b']);
    expect(executed.state).toEqual(['a', 'b', 'c']);
    expect(executed.head.seq).toBe(3);
    expect(executed.events.map((event) => [event.seq, event.type])).toEqual([[3, 'Noted']]);
    expect(await stored('c-stale')).toEqual(['a', 'b', 'c']);
    expect(runner.cached('c-stale')).toEqual({ state: ['a', 'b', 'c'], head: executed.head });
  });

  it('decides a whole stale burst again, in its order, after the rival event', async () => {
    const decider = notes();
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), decider);
    await runner.execute('c-stale-burst', { text: 'a' }, meta);
    await rivalAppends('c-stale-burst', 'rival');
    const results = await Promise.all(
      ['x', 'y', 'z'].map((text) => runner.execute('c-stale-burst', { text }, meta)),
    );
    expect(results.map((result) => result.head.seq)).toEqual([3, 4, 5]);
    expect(results.map((result) => result.before)).toEqual([
      ['a', 'rival'],
      ['a', 'rival', 'x'],
      ['a', 'rival', 'x', 'y'],
    ]);
    expect(decider.decided).toEqual(['a', 'x', 'y', 'z', 'x', 'y', 'z']);
    expect(await stored('c-stale-burst')).toEqual(['a', 'rival', 'x', 'y', 'z']);
  });

  it('gives up after maxRetries conflicts with a StreamConflictError, having stored nothing of its own', async () => {
    const decider = notes();
    const contested = new ContestedStreams(db.models.caseEvents);
    const runner = new StreamRunner(contested, decider, { maxRetries: 2 });
    contested.rivalTurns = 3;
    const lost = runner.execute('c-lost', { text: 'mine' }, meta);
    await expect(lost).rejects.toBeInstanceOf(StreamConflictError);
    await expect(lost).rejects.toMatchObject({ caseId: 'c-lost', seq: 3 });
    // Decided three times: the first try and two retries, each on the stream as reloaded.
    expect(decider.decided).toEqual(['mine', 'mine', 'mine']);
    expect(await stored('c-lost')).toEqual(['rival-2', 'rival-1', 'rival-0']);
    expect(runner.cached('c-lost')).toBeUndefined();
    // The rival gone, the next command goes through on the reloaded stream.
    const next = await runner.execute('c-lost', { text: 'later' }, meta);
    expect(next.before).toEqual(['rival-2', 'rival-1', 'rival-0']);
    expect(await stored('c-lost')).toEqual(['rival-2', 'rival-1', 'rival-0', 'later']);
  });

  it('with no retries allowed, fails at the first conflict', async () => {
    const contested = new ContestedStreams(db.models.caseEvents);
    const decider = notes();
    const runner = new StreamRunner(contested, decider, { maxRetries: 0 });
    contested.rivalTurns = 1;
    await expect(runner.execute('c-no-retry', { text: 'mine' }, meta)).rejects.toBeInstanceOf(
      StreamConflictError,
    );
    expect(decider.decided).toEqual(['mine']);
    expect(await stored('c-no-retry')).toEqual(['rival-0']);
  });

  it('stores a command that decides nothing as nothing, and answers it at the current head', async () => {
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes());
    await runner.execute('c-nothing', { text: 'a' }, meta);
    const executed = await runner.execute('c-nothing', { text: 'quiet', count: 0 }, meta);
    expect(executed).toMatchObject({ before: ['a'], state: ['a'], events: [], head: { seq: 1 } });
    expect(await stored('c-nothing')).toEqual(['a']);
  });
});

describe('a database that fails', () => {
  it('answers every command of a group whose load fails, and stores nothing', async () => {
    const down = await unreachableModels(db);
    const runner = new StreamRunner(new CaseStreams(down.caseEvents), notes());
    const settled = await Promise.allSettled(
      ['a', 'b'].map((text) => runner.execute('c-down', { text }, meta)),
    );
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'MongoNotConnectedError' });
    expect(runner.cached('c-down')).toBeUndefined();
    expect(await stored('c-down')).toEqual([]);
  });

  it('drops the cache when an append fails, so the next command reloads the stream', async () => {
    // This runner's own connection, lost after its first command.
    const connection = await connectDatabase(db.uri, db.name);
    const lost = new StreamRunner(new CaseStreams(createModels(connection).caseEvents), notes());
    await lost.execute('c-append-fails', { text: 'a' }, meta);
    await connection.close();
    await expect(lost.execute('c-append-fails', { text: 'b' }, meta)).rejects.toMatchObject({
      name: 'MongoNotConnectedError',
    });
    expect(lost.cached('c-append-fails')).toBeUndefined();
    expect(await stored('c-append-fails')).toEqual(['a']);
  });
});

describe('loading and the cache', () => {
  it('reads the tail after its cached head, so it sees what others appended', async () => {
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes());
    expect(runner.cached('c-tail')).toBeUndefined();
    expect(await runner.load('c-tail')).toEqual({ state: [], head: EMPTY_HEAD });
    await rivalAppends('c-tail', 'p');
    await rivalAppends('c-tail', 'q');
    const loaded = await runner.load('c-tail');
    expect(loaded.state).toEqual(['p', 'q']);
    expect(loaded.head).toMatchObject({ seq: 2, at: new Date(T0) });
    expect(runner.cached('c-tail')).toEqual(loaded);
  });

  it('starts from the cache, else the snapshot handed in, else the snapshot option', async () => {
    await rivalAppends('c-start', 'one');
    await rivalAppends('c-start', 'two');
    const [first] = await streams.load('c-start');
    const snapshots: string[] = [];
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), {
      snapshot: async (caseId) => {
        snapshots.push(caseId);
        return { state: ['from the view'], head: first! };
      },
    });
    // Handed a snapshot: the option is not asked; the events after it are folded on.
    expect((await runner.load('c-start', { state: ['handed in'], head: first! })).state).toEqual([
      'handed in',
      'two',
    ]);
    expect(snapshots).toEqual([]);
    // Cached now: neither is asked.
    expect((await runner.load('c-start', { state: ['ignored'], head: EMPTY_HEAD })).state).toEqual([
      'handed in',
      'two',
    ]);
    runner.forget('c-start');
    expect((await runner.load('c-start')).state).toEqual(['from the view', 'two']);
    expect(snapshots).toEqual(['c-start']);
    // No snapshot stored: folded from the first event.
    const bare = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), {
      snapshot: async () => null,
    });
    expect((await bare.load('c-start')).state).toEqual(['one', 'two']);
  });

  it('keeps at most cacheSize cases, forgetting the least recently used', async () => {
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), { cacheSize: 2 });
    await runner.execute('c-lru-a', { text: 'a' }, meta);
    await runner.execute('c-lru-b', { text: 'b' }, meta);
    await runner.load('c-lru-a'); // a is used again: b is now the oldest
    await runner.execute('c-lru-c', { text: 'c' }, meta);
    expect(['c-lru-a', 'c-lru-b', 'c-lru-c'].map((caseId) => runner.cached(caseId)?.state)).toEqual([
      ['a'],
      undefined,
      ['c'],
    ]);
    runner.forget();
    expect(runner.cached('c-lru-a')).toBeUndefined();
    expect(runner.cached('c-lru-c')).toBeUndefined();
  });
});

describe('views after a command', () => {
  it('are written before the command answers, once for a burst, from the latest state', async () => {
    const projected: { seq: number; state: string[] }[] = [];
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), {
      project: async (_caseId, state, head) => void projected.push({ seq: head.seq, state }),
    });
    await runner.execute('c-views', { text: 'first' }, meta);
    expect(projected).toEqual([{ seq: 1, state: ['first'] }]);
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => runner.execute('c-views', { text: `n${i}` }, meta)),
    );
    expect(burst.at(-1)!.head.seq).toBe(9);
    // One write for the eight commands, of the state after all of them.
    expect(projected.map((view) => view.seq)).toEqual([1, 9]);
    expect(projected[1]!.state).toHaveLength(9);
    // A command that decided nothing writes no view.
    await runner.execute('c-views', { text: 'quiet', count: 0 }, meta);
    expect(projected).toHaveLength(2);
  });

  it('are written behind when asked, on flush, once for everything since', async () => {
    const projected: number[] = [];
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), {
      viewDelayMs: 60_000,
      project: async (_caseId, _state, head) => void projected.push(head.seq),
    });
    await runner.execute('c-behind', { text: 'a' }, meta);
    await runner.execute('c-behind', { text: 'b' }, meta);
    await runner.execute('c-other', { text: 'c' }, meta);
    expect(projected).toEqual([]);
    await runner.flushViews();
    expect(projected.sort()).toEqual([1, 2]);
    await runner.flushViews();
    expect(projected).toHaveLength(2);
  });
});

describe('tryDecide', () => {
  it('answers what execute would decide and stores nothing; a command deciding nothing is not checked', async () => {
    const accepted: number[] = [];
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), notes(), {
      accept: (before, after) => {
        accepted.push(after.length - before.length);
        if (after.length > 2) throw new DomainError('validation_error', 'too many notes');
      },
    });
    expect(runner.tryDecide(['a'], { text: 'b' }, meta)).toEqual([{ type: 'Noted', data: { text: 'b' } }]);
    expect(() => runner.tryDecide(['a'], { text: 'b', count: 2 }, meta)).toThrow('too many notes');
    expect(runner.tryDecide(['a', 'b', 'c'], { text: 'none', count: 0 }, meta)).toEqual([]);
    expect(accepted).toEqual([1, 2]);
    expect(await stored('c-try')).toEqual([]);
    expect(runner.cached('c-try')).toBeUndefined();
  });
});
