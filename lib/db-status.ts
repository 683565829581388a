import type { Connection } from 'mongoose';
import type { Clock } from './clock.js';
import type { EmbeddedState } from './db.js';
import type { Log } from './log.js';

/**
 * The database as the rest of the process sees it: `up` (it answers), `restarting` (the embedded
 * server died and is being started again), `down` (it does not answer and nothing is restarting it:
 * an external server out of reach, or a supervisor that gave up).
 */
export type DatabaseState = 'up' | 'down' | 'restarting';

/** What the API gate, the bot, the workers and `/healthz` ask about the database. */
export interface DatabaseStatus {
  state(): DatabaseState;
  /** `state() === 'up'`: worth sending a query now. */
  available(): boolean;
  /** Times the embedded server was restarted (0 on an external server). */
  restarts(): number;
  /** Since when it has not been up; null while it is. */
  downSince(): Date | null;
  /** Resolves as soon as the database is available (at once when it is). */
  whenAvailable(): Promise<void>;
  /** Stops watching (before the connection closes, so a deliberate close is not an outage). */
  stop(): void;
}

/** The part of a supervised embedded server the watch needs (see `superviseEmbeddedDatabase`). */
export interface EmbeddedWatchSource {
  state(): EmbeddedState;
  restarts(): number;
  onChange(listener: (state: EmbeddedState) => void): () => void;
}

/**
 * Watches the database from two sides and keeps one answer, so requests can fail fast instead of
 * waiting out the driver's server-selection timeout:
 * - the embedded server's supervisor, when there is one: its process dying is known at once
 *   (`restarting`), and a restarted process counts as `up` only once a ping through this
 *   connection answers — the driver has then reconnected, on the same URI;
 * - the driver, through mongoose's `disconnected` / `reconnected` events (a failed operation or
 *   heartbeat marks the server unknown): how an external server's outage shows. While it is out,
 *   one ping at a time probes it.
 *
 * It logs once per outage: one warn when the database goes, one info when it is back (with how long
 * it was gone), never per request.
 */
export function watchDatabase(options: {
  connection: Connection;
  embedded?: EmbeddedWatchSource | null;
  log: Log;
  clock: Clock;
  /** The pause between two probes while the database is out (default 250 ms). */
  probeEveryMs?: number;
}): DatabaseStatus {
  const { connection, clock } = options;
  const embedded = options.embedded ?? null;
  const log = options.log.child({ part: 'db' });
  const probeEveryMs = options.probeEveryMs ?? 250;
  let driverUp = connection.readyState === 1;
  let stopped = false;
  let probing = false;
  let downSince: Date | null = null;
  let waiters: (() => void)[] = [];

  const compute = (): DatabaseState => {
    const supervised = embedded?.state();
    if (supervised === 'restarting') return 'restarting';
    if (supervised === 'failed' || supervised === 'stopped') return 'down';
    if (driverUp) return 'up';
    // A restarted server the driver has not reached yet is still coming back.
    return embedded !== null && embedded.restarts() > 0 && downSince !== null ? 'restarting' : 'down';
  };
  let last = compute();

  const update = () => {
    if (stopped) return;
    const next = compute();
    if (next === last) return;
    const wasUp = last === 'up';
    last = next;
    if (wasUp) {
      downSince = clock.now();
      log.warn(
        { state: next, restarts: embedded?.restarts() ?? 0 },
        'database unavailable: requests that need it get 503 until it is back',
      );
      void probe();
    } else if (next === 'up') {
      const downMs = downSince === null ? 0 : clock.now().getTime() - downSince.getTime();
      downSince = null;
      log.info({ downMs, restarts: embedded?.restarts() ?? 0 }, 'database available again');
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    }
  };

  /** One real ping (no short cut on mongoose's readyState: a new selection makes the driver look now). */
  const ping = async (): Promise<boolean> => {
    try {
      await connection.db?.command({ ping: 1 });
      return connection.db !== undefined;
    } catch {
      return false;
    }
  };
  const confirm = async () => {
    if (!(await ping()) || stopped) return;
    driverUp = true;
    update();
  };
  const probe = async () => {
    if (probing) return;
    probing = true;
    try {
      while (!stopped && !driverUp && embedded?.state() !== 'failed') {
        if (embedded === null || embedded.state() === 'up') await confirm();
        if (!driverUp) await new Promise((resolve) => setTimeout(resolve, probeEveryMs));
      }
    } finally {
      probing = false;
    }
  };

  const onDisconnected = () => {
    driverUp = false;
    update();
    void probe();
  };
  const onConnected = () => {
    driverUp = true;
    update();
  };
  connection.on('disconnected', onDisconnected);
  connection.on('reconnected', onConnected);
  connection.on('connected', onConnected);
  const unsubscribe = embedded?.onChange((state) => {
    // The old process is gone: whatever the driver last saw, nothing answers until a ping does.
    if (state !== 'up') driverUp = false;
    update();
    // A fresh ping starts a fresh server selection, which makes the driver look at once.
    if (state === 'up') void confirm().then(() => probe());
  });

  return {
    state: () => last,
    available: () => last === 'up',
    restarts: () => embedded?.restarts() ?? 0,
    downSince: () => downSince,
    whenAvailable: () =>
      last === 'up' ? Promise.resolve() : new Promise<void>((resolve) => void waiters.push(resolve)),
    stop() {
      stopped = true;
      unsubscribe?.();
      connection.off('disconnected', onDisconnected);
      connection.off('reconnected', onConnected);
      connection.off('connected', onConnected);
    },
  };
}
