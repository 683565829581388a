/**
 * The process as an operator runs it (`node --import tsx main.ts`), for the fault tests: started on a
 * database of the test server, read back from its JSON log lines, killed at will.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@jest/globals';
import { receiptCode } from '../../messages/index.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import { verifyChain } from '../../models/case-stream.js';
import type { Models } from '../../models/index.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { createInterface } from 'node:readline';
import { waitFor } from '../support/bot.js';
import { ADMIN_TOKEN, type Json } from '../support/http.js';

/** A fault test starts and kills whole processes: minutes, not seconds, on a loaded machine. */
export const FAULT_TEST_TIMEOUT_MS = 240_000;

/** A running `main.ts`: its URL, its log lines so far, and how to stop or kill it. */
export interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: string[];
  readonly exited: Promise<unknown>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `main.ts` with `env` (on top of PATH and HOME) and resolves once it listens; `command` runs it
 * under another program first (e.g. `faketime`).
 */
export async function launch(env: Record<string, string>, command: string[] = []): Promise<Launched> {
  const args = [...command, process.execPath, '--import', 'tsx', 'main.ts'];
  const child = spawn(args[0]!, args.slice(1), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      LOG_LEVEL: 'info',
      // A burst stands for many residents and a committee at once, all from this one address.
      JIATI_RATE_ADDRESS_PER_MINUTE: '0',
      JIATI_RATE_TOKEN_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let url = '';
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`main.ts exited:\n${lines.join('\n')}`);
    const listening = lines.find((line) => line.includes('jiati is listening'));
    if (listening !== undefined) url = (JSON.parse(listening) as { url: string }).url;
    return listening !== undefined;
  }, 60_000);
  return {
    child,
    url,
    lines,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** How long `stop()` waits after SIGTERM before it kills: a hung shutdown must not hang the suite. */
const STOP_GRACE_MS = 15_000;

/** One JSON request to a launched process, as the admin unless `token` is null. */
export async function request(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Json };
}

const CHOICES = ['同意', '反对', '弃权'] as const;
const PAPER = ['agree', 'oppose', 'abstain'] as const;

/** A burst of votes against a launched demo, and what it was answered. */
export interface Burst {
  readonly unitId: string;
  readonly ballotId: string;
  /** Rooms voted on paper (not bound in the demo). */
  readonly paperRooms: readonly string[];
  /** How many paper votes were answered 201 so far. */
  answered(): number;
  /** How many chat receipts the bot has sent so far (read from the demo's transcript). */
  chatReceipts(): Promise<number>;
  /** Resolves once `paper` paper votes were answered and `chat` chat receipts sent; throws after `ms`. */
  reached(paper: number, chat: number, ms?: number): Promise<void>;
  /** Stops sending and returns every paper vote answered 201 (its receipt in the body). */
  stop(): Promise<Json[]>;
}

/** Rounds each lane of a burst sends at most. */
const BURST_ROUNDS = 400;
/** Pause between one resident's chat votes: a burst, yet one the bot can answer on a slow machine. */
const CHAT_PAUSE_MS = 100;

/**
 * Starts a burst on the demo of `url`: every bound resident keeps saying a vote in the group (the mock
 * WeChat group, through the demo's page API) and every unbound flat keeps getting a paper vote through
 * the API, each changing its mind round by round. Each flat is one lane that sends its next vote when
 * the last was answered, so the load is as much as the app can take, however fast the machine —
 * never a queue that grows until requests time out.
 */
export async function startBurst(url: string): Promise<Burst> {
  const demo = (await request(url, 'GET', '/demo/api/state', undefined, null)).body as Json;
  const ballotId = demo.ballotId as string;
  const bound = (demo.residents as Json[]).filter((r) => r.bound);
  const paperRooms = (demo.residents as Json[]).filter((r) => !r.bound).map((r) => r.room as string);
  const receipts: Json[] = [];
  let stopped = false;
  let answered = 0;
  const chatLanes = bound.map(async (resident) => {
    for (let round = 0; !stopped && round < BURST_ROUNDS; round++) {
      const text = CHOICES[(round + Number(resident.room)) % 3];
      await request(url, 'POST', '/demo/api/say', { as: resident.contactId, to: 'group', text }, null).catch(
        () => null,
      );
      await sleep(CHAT_PAUSE_MS);
    }
  });
  const paperLanes = paperRooms.map(async (room, i) => {
    for (let round = 0; !stopped && round < BURST_ROUNDS; round++) {
      const vote = {
        room,
        choice: PAPER[(round + i) % 3],
        channel: 'paper',
        reference: `P-${room}-${round}`,
      };
      const reply = await request(url, 'POST', `/api/v1/ballots/${ballotId}/votes`, vote).catch(() => null);
      if (reply?.status === 201) {
        answered++;
        receipts.push(reply.body);
      } else if (reply === null) {
        await sleep(CHAT_PAUSE_MS);
      }
    }
  });
  const chatReceipts = async () => {
    const lines = (await request(url, 'GET', '/demo/api/messages?after=0', undefined, null)).body as Json[];
    return lines.filter((line) => /的表决(已记录|已改为)/.test(String(line.text))).length;
  };
  return {
    unitId: demo.unitId as string,
    ballotId,
    paperRooms,
    answered: () => answered,
    chatReceipts,
    async reached(paper, chat, ms = 120_000) {
      const until = Date.now() + ms;
      while (!(answered >= paper && (await chatReceipts()) >= chat)) {
        if (Date.now() > until) throw new Error(`burst: ${answered} paper votes answered, wanted ${paper}`);
        await sleep(200);
      }
    },
    async stop() {
      stopped = true;
      await Promise.all([...chatLanes, ...paperLanes]);
      return receipts;
    },
  };
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every receipted vote of the burst is in the unit's stream exactly once, with the hash its receipt
 * gave: each paper vote answered 201, and each chat receipt queued for a voter (`reply:<message>:<n>`);
 * no chat message became two votes for one flat; the chain verifies.
 */
export async function expectReceiptedVotesOnce(models: Models, unitId: string, answered: readonly Json[]) {
  const votes = await models.caseEvents
    .find({ caseId: unitId, type: 'VoteCast' })
    .lean<CaseEventDoc[]>()
    .exec();
  const data = (vote: CaseEventDoc) => vote.data as { reference?: string; messageId?: string; room: string };
  for (const receipt of answered) {
    const mine = votes.filter((vote) => data(vote).reference === receipt.reference);
    expect(mine.map((vote) => vote.hash)).toEqual([receipt.receipt.hash]);
  }
  const receipts = await models.outbox
    .find({ _id: { $regex: '^reply:' }, text: { $regex: '(已记录|已改为)' } })
    .lean<OutboxDoc[]>()
    .exec();
  expect(receipts.length).toBeGreaterThanOrEqual(5);
  for (const receipt of receipts) {
    const messageId = receipt._id.split(':')[1];
    const room = /^(?:您代 )?(\S+) 的表决/.exec(receipt.text)![1];
    const mine = votes.filter((vote) => data(vote).messageId === messageId && data(vote).room === room);
    expect(mine).toHaveLength(1);
    expect(receipt.text).toContain(receiptCode(mine[0]!.hash));
  }
  const chatVotes = votes.filter((vote) => data(vote).messageId !== undefined);
  const perMessageAndRoom = new Set(chatVotes.map((vote) => `${data(vote).messageId}|${data(vote).room}`));
  expect(perMessageAndRoom.size).toBe(chatVotes.length);
  expect((await verifyChain(models.caseEvents, unitId)).ok).toBe(true);
}
