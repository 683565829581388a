import type { Actor, Channel } from '../../models/case-event.js';
import {
  EMPTY_HEAD,
  type CaseStreams,
  type NewEvent,
  type StreamConflictError,
  type StoredEvent,
  type StreamHead,
} from '../../models/case-stream.js';

/** A pure decider (conventions.md, [Decider]): state folds from events; commands decide events. */
export interface Decider<S, C, E extends { type: string; data: unknown }> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  /** Returns the events a command produces, or throws a DomainError. */
  decide(command: C, state: S, context: { now: Date }): readonly E[];
}

/** Who asked, through which channel, when. */
export interface CommandMeta {
  readonly actor: Actor;
  readonly channel: Channel;
  readonly now: Date;
}

export interface Executed<S> {
  /** The state the command was decided on (the state before its events). */
  readonly before: S;
  readonly state: S;
  readonly head: StreamHead;
  readonly events: readonly StoredEvent[];
}

interface Cached<S> {
  head: StreamHead;
  state: S;
}

/** A command waiting in its case's queue, and how to answer its caller. */
interface Queued<S, C> {
  readonly command: C;
  readonly meta: CommandMeta;
  /** Conflicts met so far (another process appended first). */
  conflicts: number;
  readonly resolve: (executed: Executed<S>) => void;
  readonly reject: (error: unknown) => void;
}

/** Commands decided together and stored with one insert (at most, to bound the insert's size). */
const MAX_GROUP = 64;

/**
 * Runs commands against case streams: load (from a bounded in-memory cache, else a snapshot such as
 * the case view, plus the stream's tail read by `_id`), decide, append, and on a conflict reload and decide again. Commands on one case are decided one at
 * a time, in arrival order, within a process, so conflicts only arise between processes (e.g. two
 * app instances).
 *
 * Group commit: the commands that queue for a case while its last append is in flight are decided
 * one after another on the evolving state, and all their events are stored by one ordered insert (a
 * burst of 36 votes in one group costs a few round trips, not 36). Each command still succeeds or
 * fails on its own: a refusal of one leaves the others; a conflict with another process stores the
 * prefix before it, and the commands after it are decided again on the reloaded stream.
 *
 * One command should decide one event: an event is one document, the unit FerretDB and MongoDB
 * write atomically. Should a command decide several, they are appended in order in one insert;
 * another process could then interleave after the first of them (the command then fails).
 */
export class StreamRunner<S, C, E extends { type: string; data: unknown }> {
  private readonly cache = new Map<string, Cached<S>>();
  /** Per case: the commands waiting to be decided; a case is in the map while it is being drained. */
  private readonly queues = new Map<string, Queued<S, C>[]>();
  /** Per case: the last projection write queued or running, and the one not started yet (if any). */
  private readonly projecting = new Map<string, Promise<void>>();
  private readonly projectionQueued = new Map<string, Promise<void>>();
  private readonly viewTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly streams: CaseStreams,
    private readonly decider: Decider<S, C, E>,
    private readonly options: {
      maxRetries?: number;
      cacheSize?: number;
      /**
       * Where a case not in the cache starts loading: a stored state and the head it reflects (the
       * case view, one `_id` lookup), or null to fold the stream from its first event. A snapshot
       * that lags only means a longer tail to read.
       */
      snapshot?: (caseId: string) => Promise<{ state: S; head: StreamHead } | null>;
      /** Writes rebuildable views after each successful command (projections keyed by `_id`). */
      project?: (caseId: string, state: S, head: StreamHead) => Promise<void>;
      /**
       * 0 (default): a command returns once the views reflect it. More: views are written behind,
       * at most once per this many milliseconds per case (see {@link flushViews}).
       */
      viewDelayMs?: number;
      /**
       * Checks the state a command leads to before anything is stored; throwing refuses that command
       * alone (conventions.md §9, "refuse before you append"). Called only for commands that decided
       * events, with the state before and after them.
       */
      accept?: (before: S, after: S) => void;
    } = {},
  ) {}

  /**
   * The current state and head of a case (a case with no events is at the decider's initial state):
   * from the cached state, else from `from` (a snapshot the caller already read), else from the
   * `snapshot` option (the case view), else from the start; then the events after it, by `_id`.
   * It never reads more than the case's own documents.
   */
  async load(caseId: string, from?: { state: S; head: StreamHead }): Promise<{ state: S; head: StreamHead }> {
    const start = this.cache.get(caseId) ??
      from ??
      (await this.options.snapshot?.(caseId)) ?? { head: EMPTY_HEAD, state: this.decider.initialState };
    const tail = await this.streams.load(caseId, start.head.seq);
    let { state, head } = start;
    for (const event of tail) {
      state = this.decider.evolve(state, { type: event.type, data: event.data } as E);
      head = { seq: event.seq, hash: event.hash, at: event.at };
    }
    this.remember(caseId, { state, head });
    return { state, head };
  }

  /**
   * The state and head this process last saw for the case, with no database read, or undefined when
   * it is not cached. It is what `execute` decides on (see there): current unless another process
   * appended since, which the next append then finds out.
   */
  cached(caseId: string): { state: S; head: StreamHead } | undefined {
    const entry = this.cache.get(caseId);
    return entry === undefined ? undefined : { state: entry.state, head: entry.head };
  }

  /**
   * Decides `command` on the case's current state and appends what it decided, then waits until the
   * views reflect at least its events. The view is written outside the case's lock, so the next
   * command on the case appends meanwhile, and a burst of commands shares a few view writes instead
   * of one each (see {@link projectLatest}).
   */
  async execute(caseId: string, command: C, meta: CommandMeta): Promise<Executed<S>> {
    const executed = await new Promise<Executed<S>>((resolve, reject) =>
      this.enqueue(caseId, { command, meta, conflicts: 0, resolve, reject }),
    );
    if (executed.events.length > 0 && this.options.project !== undefined) {
      const delay = this.options.viewDelayMs ?? 0;
      if (delay === 0) await this.projectLatest(caseId);
      else this.projectLater(caseId, delay);
    }
    return executed;
  }

  /**
   * Write-behind: the case's view is written `delay` ms after its first unwritten change, once for
   * everything that happened meanwhile. This process reads its cache, and another process reads the
   * view plus the events after it (by `_id`), so a view that lags costs nothing but a short tail.
   */
  private projectLater(caseId: string, delay: number): void {
    if (this.viewTimers.has(caseId)) return;
    const timer = setTimeout(() => {
      this.viewTimers.delete(caseId);
      void this.projectLatest(caseId);
    }, delay);
    timer.unref();
    this.viewTimers.set(caseId, timer);
  }

  /** Writes every view still waiting to be written behind, and waits for writes in flight (shutdown). */
  async flushViews(): Promise<void> {
    const waiting = [...this.viewTimers.keys()];
    for (const timer of this.viewTimers.values()) clearTimeout(timer);
    this.viewTimers.clear();
    await Promise.all([...waiting.map((caseId) => this.projectLatest(caseId)), ...this.projecting.values()]);
  }

  /**
   * Writes the case's latest cached state to its views, coalescing: a write not yet started is shared
   * by every command that arrives before it starts (it reads the cache when it starts, so it includes
   * them all); writes of one case never overlap and run in order. Views record the seq they reflect
   * and are rebuilt from the stream when they lag, so a write skipped (the entry left the cache) only
   * costs a later read.
   */
  private projectLatest(caseId: string): Promise<void> {
    const queued = this.projectionQueued.get(caseId);
    if (queued !== undefined) return queued;
    const previous = this.projecting.get(caseId) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        this.projectionQueued.delete(caseId);
        const entry = this.cache.get(caseId);
        if (entry !== undefined) await this.options.project!(caseId, entry.state, entry.head);
      });
    this.projectionQueued.set(caseId, write);
    this.projecting.set(caseId, write);
    void write
      .catch(() => undefined)
      .then(() => {
        if (this.projecting.get(caseId) === write) this.projecting.delete(caseId);
      });
    return write;
  }

  /**
   * Decides `command` on `state` as {@link execute} would — the decider, then the `accept` check — and
   * stores nothing. Throws what the command would be refused with. For a command that must first
   * claim something outside its stream (a reference number): refuse before claiming it.
   */
  tryDecide(state: S, command: C, meta: CommandMeta): readonly E[] {
    const events = this.decider.decide(command, state, { now: meta.now });
    let after = state;
    for (const event of events) after = this.decider.evolve(after, event);
    if (events.length > 0) this.options.accept?.(state, after);
    return events;
  }

  /** Forget cached state (tests that tamper with the database; rebuilds). */
  forget(caseId?: string): void {
    if (caseId === undefined) this.cache.clear();
    else this.cache.delete(caseId);
  }

  /** Queues a command for its case, and starts draining the case unless that is under way. */
  private enqueue(caseId: string, queued: Queued<S, C>): void {
    const queue = this.queues.get(caseId);
    if (queue !== undefined) {
      queue.push(queued);
      return;
    }
    this.queues.set(caseId, [queued]);
    void this.drain(caseId);
  }

  /**
   * Decides and stores the case's queued commands, group by group, until none is left. The first
   * group waits for the next turn of the event loop, so the commands that arrive in this turn (the
   * handlers one database answer released) are stored with it.
   */
  private async drain(caseId: string): Promise<void> {
    const queue = this.queues.get(caseId)!;
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const group = queue.splice(0, MAX_GROUP);
      const retry = await this.commitGroup(caseId, group);
      queue.unshift(...retry);
    }
    this.queues.delete(caseId);
  }

  /**
   * Decides `group` in order on the case's state and stores every event in one ordered insert, then
   * settles each command. Returns the commands to decide again (after a conflict, on a fresh load).
   * Never throws: a failure is each affected command's answer.
   */
  private async commitGroup(caseId: string, group: readonly Queued<S, C>[]): Promise<Queued<S, C>[]> {
    let start: { state: S; head: StreamHead };
    try {
      // Optimistic: a cached state is decided on without reading the stream's tail. If another
      // process appended meanwhile, our insert of seq head+1 collides with its event, and we
      // reload and decide again, so a stale cache can cost a retry, never a wrong append. This
      // saves the tail probe, which FerretDB v1 on SQLite answers with a table scan (README).
      start = this.cache.get(caseId) ?? (await this.load(caseId));
    } catch (error) {
      for (const queued of group) queued.reject(error);
      return [];
    }
    const decided: { queued: Queued<S, C>; before: S; after: S; events: readonly E[]; offset: number }[] = [];
    const newEvents: NewEvent[] = [];
    let state = start.state;
    for (const queued of group) {
      let after = state;
      let events: readonly E[];
      try {
        events = this.decider.decide(queued.command, state, { now: queued.meta.now });
        for (const event of events) after = this.decider.evolve(after, event);
        if (events.length > 0) this.options.accept?.(state, after);
      } catch (error) {
        queued.reject(error); // a refusal touches this command only
        continue;
      }
      decided.push({ queued, before: state, after, events, offset: newEvents.length });
      const { actor, channel, now } = queued.meta;
      for (const event of events)
        newEvents.push({ type: event.type, data: event.data, actor, channel, at: now });
      state = after;
    }
    let stored: readonly StoredEvent[];
    let conflict: StreamConflictError | undefined;
    try {
      ({ stored, conflict } = await this.streams.appendAll(caseId, start.head, newEvents));
    } catch (error) {
      // Unknown how much was stored: the next command reloads the stream.
      this.cache.delete(caseId);
      for (const { queued } of decided) queued.reject(error);
      return [];
    }
    const headAt = (count: number): StreamHead => (count === 0 ? start.head : stored[count - 1]!);
    const retry: Queued<S, C>[] = [];
    for (const { queued, before, after, events, offset } of decided) {
      const end = offset + events.length;
      if (end <= stored.length) {
        queued.resolve({ before, state: after, head: headAt(end), events: stored.slice(offset, end) });
      } else if (offset < stored.length || queued.conflicts >= (this.options.maxRetries ?? 8)) {
        // Stored in part (another process wrote between its events), or out of retries.
        queued.reject(conflict);
      } else {
        queued.conflicts++;
        retry.push(queued);
      }
    }
    if (conflict === undefined) this.remember(caseId, { state, head: headAt(stored.length) });
    else this.cache.delete(caseId);
    return retry;
  }

  private remember(caseId: string, entry: Cached<S>): void {
    this.cache.delete(caseId);
    this.cache.set(caseId, entry);
    const limit = this.options.cacheSize ?? 2000;
    if (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
  }
}
