/**
 * Faults (issue 20 item 7): `kill -9` of the app in the middle of a burst of chat votes (through the
 * demo's mock WeChat group) and paper votes (through the API). After a restart, every vote that got a
 * receipt — a 201 with its hash, or a receipt queued for the voter — is in the stream exactly once,
 * with the hash the receipt gave, and the chain verifies.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { receiptCode } from '../../bot/messages.js';
import { connectDatabase } from '../../lib/db.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import { verifyChain } from '../../models/case-stream.js';
import { createModels, type Models } from '../../models/index.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { FAST_OUTBOX } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { ADMIN_TOKEN, type Json } from '../support/http.js';
import { launch, request, type Launched } from './support.js';

const dbName = uniqueDbName('fault_kill');
const env = {
  MONGODB_URI: testServerUri(),
  JIATI_DB_NAME: dbName,
  JIATI_DEMO: '1',
  JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
  ...FAST_OUTBOX,
};
const running: Launched[] = [];
let models: Models | undefined;
let close: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const app of running) await app.stop();
  if (close) await close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHOICES = ['同意', '反对', '弃权'] as const;
const PAPER = ['agree', 'oppose', 'abstain'] as const;

describe('kill -9 during a burst of chat and API votes', () => {
  it('keeps every receipted vote exactly once, and every chain verifies', async () => {
    const first = await launch(env);
    running.push(first);
    const demo = (await request(first.url, 'GET', '/demo/api/state', undefined, null)).body as Json;
    const unitId = demo.unitId as string;
    const ballotId = demo.ballotId as string;
    const bound = (demo.residents as Json[]).filter((r) => r.bound);
    const unbound = (demo.residents as Json[]).filter((r) => !r.bound).map((r) => r.room as string);
    expect(bound.length).toBeGreaterThan(3);
    expect(unbound.length).toBeGreaterThan(3);

    // The burst: chat votes and paper votes, changing their minds, without waiting for each other.
    const paper: Promise<{ status: number; body: Json } | null>[] = [];
    let killed = false;
    const burst = (async () => {
      for (let round = 0; !killed && round < 200; round++) {
        for (const resident of bound) {
          void request(
            first.url,
            'POST',
            '/demo/api/say',
            {
              as: resident.contactId,
              to: 'group',
              text: CHOICES[(round + Number(resident.room)) % 3],
            },
            null,
          ).catch(() => null);
        }
        for (const [i, room] of unbound.entries()) {
          paper.push(
            request(first.url, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
              room,
              choice: PAPER[(round + i) % 3],
              channel: 'paper',
              reference: `P-${room}-${round}`,
            }).catch(() => null),
          );
        }
        await sleep(25);
      }
    })();
    await sleep(1500);
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await burst;
    const answered = (await Promise.all(paper)).filter(
      (reply): reply is { status: number; body: Json } => reply !== null && reply.status === 201,
    );
    expect(answered.length).toBeGreaterThan(10);

    const second = await launch(env);
    running.push(second);
    const connection = await connectDatabase(testServerUri(), dbName);
    close = async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    };
    models = createModels(connection);

    const votes = await models.caseEvents
      .find({ caseId: unitId, type: 'VoteCast' })
      .lean<CaseEventDoc[]>()
      .exec();
    // Every 201: its vote, once, with the hash the receipt gave.
    for (const reply of answered) {
      const mine = votes.filter((v) => (v.data as { reference?: string }).reference === reply.body.reference);
      expect(mine.map((v) => v.hash)).toEqual([reply.body.receipt.hash]);
    }
    // Every receipt queued for a chat voter: the vote of its message, once, with its hash.
    const receipts = await models.outbox
      .find({ _id: { $regex: '^reply:' }, text: { $regex: '(已记录|已改为)' } })
      .lean<OutboxDoc[]>()
      .exec();
    expect(receipts.length).toBeGreaterThan(3);
    for (const receipt of receipts) {
      const messageId = receipt._id.split(':')[1];
      const room = /^(?:您代 )?(\S+) 的表决/.exec(receipt.text)![1];
      const mine = votes.filter((v) => {
        const data = v.data as { messageId?: string; room: string };
        return data.messageId === messageId && data.room === room;
      });
      expect(mine).toHaveLength(1);
      expect(receipt.text).toContain(receiptCode(mine[0]!.hash));
    }
    // No message was recorded as two votes for one flat.
    const perMessageAndRoom = votes
      .filter((v) => (v.data as { messageId?: string }).messageId !== undefined)
      .map((v) => `${(v.data as { messageId: string }).messageId}|${(v.data as { room: string }).room}`);
    expect(new Set(perMessageAndRoom).size).toBe(perMessageAndRoom.length);
    expect((await verifyChain(models.caseEvents, unitId)).ok).toBe(true);

    // And the restarted app still takes votes.
    const after = await request(second.url, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
      room: unbound[0],
      choice: 'agree',
      channel: 'paper',
      reference: 'P-after-restart',
    });
    expect(after.status).toBe(201);
  });
});
