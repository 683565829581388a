import type { Actor, Channel } from '../models/case-event.js';
import {
  EMPTY_HEAD,
  StreamConflictError,
  type CaseStreams,
  type StoredEvent,
  type StreamHead,
} from '../models/case-stream.js';

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

/**
 * Runs commands against case streams: load (from a bounded in-memory cache plus the stream's tail),
 * decide, append, and on a conflict reload and decide again. Commands on one case run one at a time
 * within a process, so conflicts only arise between processes (e.g. two app instances).
 *
 * One command should decide one event: an event is one document, the unit FerretDB and MongoDB
 * write atomically. Should a command decide several, they are appended in order under the
 * per-case lock; another process could then interleave after the first of them.
 */
export class StreamRunner<S, C, E extends { type: string; data: unknown }> {
  private readonly cache = new Map<string, Cached<S>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly streams: CaseStreams,
    private readonly decider: Decider<S, C, E>,
    private readonly options: {
      maxRetries?: number;
      cacheSize?: number;
      /** Writes rebuildable views after each successful command (projections keyed by `_id`). */
      project?: (caseId: string, state: S, head: StreamHead) => Promise<void>;
    } = {},
  ) {}

  /** The current state and head of a case (a case with no events is at the decider's initial state). */
  async load(caseId: string): Promise<{ state: S; head: StreamHead }> {
    const cached = this.cache.get(caseId) ?? { head: EMPTY_HEAD, state: this.decider.initialState };
    const tail = await this.streams.load(caseId, cached.head.seq);
    let { state, head } = cached;
    for (const event of tail) {
      state = this.decider.evolve(state, { type: event.type, data: event.data } as E);
      head = { seq: event.seq, hash: event.hash };
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

  /** Decides `command` on the case's current state and appends what it decided. */
  execute(caseId: string, command: C, meta: CommandMeta): Promise<Executed<S>> {
    return this.serialized(caseId, () => this.executeWithRetry(caseId, command, meta));
  }

  /** Forget cached state (tests that tamper with the database; rebuilds). */
  forget(caseId?: string): void {
    if (caseId === undefined) this.cache.clear();
    else this.cache.delete(caseId);
  }

  private async executeWithRetry(caseId: string, command: C, meta: CommandMeta): Promise<Executed<S>> {
    const maxRetries = this.options.maxRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      // Optimistic: a cached state is decided on without reading the stream's tail. If another
      // process appended meanwhile, our insert of seq head+1 collides with its event, and we
      // reload and decide again — so a stale cache can cost a retry, never a wrong append. This
      // saves the tail probe, which FerretDB v1 on SQLite answers with a table scan (README).
      const cached = attempt === 0 ? this.cache.get(caseId) : undefined;
      let { state, head } = cached ?? (await this.load(caseId));
      const before = state;
      const decided = this.decider.decide(command, state, { now: meta.now });
      const stored: StoredEvent[] = [];
      try {
        for (const event of decided) {
          const written = await this.streams.append(caseId, head, {
            type: event.type,
            data: event.data,
            actor: meta.actor,
            channel: meta.channel,
            at: meta.now,
          });
          stored.push(written);
          state = this.decider.evolve(state, event);
          head = { seq: written.seq, hash: written.hash };
          this.remember(caseId, { state, head });
        }
      } catch (error) {
        if (error instanceof StreamConflictError && stored.length === 0 && attempt < maxRetries) {
          this.cache.delete(caseId);
          continue;
        }
        throw error;
      }
      if (stored.length > 0) await this.options.project?.(caseId, state, head);
      return { before, state, head, events: stored };
    }
  }

  private remember(caseId: string, entry: Cached<S>): void {
    this.cache.delete(caseId);
    this.cache.set(caseId, entry);
    const limit = this.options.cacheSize ?? 2000;
    if (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
