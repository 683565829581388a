/** Small steps of the API tests: expect an error body, register a unit, open a ballot, cast votes. */
import { expect } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { runCaseCommand } from '../../commands/kernel/run-case.js';
import type { Json, Reply, TestApi } from './http.js';
import { flats } from './units.js';

/** Expects `{ ok: false, error: code, message }` with `status`, and the message to match when given. */
export function expectError(reply: Reply, status: number, code: string, message?: RegExp): void {
  expect({ status: reply.status, ok: reply.body?.ok, error: reply.body?.error }).toEqual({
    status,
    ok: false,
    error: code,
  });
  // Plain Chinese for people: never English, never a stage's code name nor a UTC instant.
  expect(reply.body.message).toMatch(/\p{Script=Han}/u);
  expect(reply.body.message).not.toMatch(
    /\d{4}-\d{2}-\d{2}T\d{2}:|\b(canvassing|planning|voting|publicity|objections)\b/,
  );
  if (message) expect(reply.body.message).toMatch(message);
}

/** Registers a unit of `count` flats of 50 m² each (or the flats given); returns its id. */
export async function registerUnit(api: TestApi, count = 6, list = flats(count)): Promise<string> {
  const reply = await api.post('/api/v1/units', { name: `测试单元 ${count}`, flats: list });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

/** Publishes plan 1 of a unit. */
export async function publishPlan(api: TestApi, unitId: string): Promise<void> {
  const reply = await api.post(`/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' });
  expect(reply.status).toBe(201);
}

/** Opens a ballot; returns its presented body. */
export async function openBallot(api: TestApi, unitId: string, body: Record<string, unknown>): Promise<Json> {
  const reply = await api.post(`/api/v1/units/${unitId}/ballots`, { title: '表决', ...body });
  expect(reply.status).toBe(201);
  return reply.body;
}

/** Enters a paper vote for each room, in order. */
export async function vote(
  api: TestApi,
  ballotId: string,
  rooms: readonly string[],
  choice: 'agree' | 'oppose' | 'abstain',
): Promise<void> {
  for (const room of rooms) {
    const reply = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room,
      choice,
      channel: 'paper',
      reference: `P-${room}`,
    });
    expect(reply.status).toBe(201);
  }
}

/**
 * Ends the unit's publicity at `now`, as its `publicity.end` clock does at 24:00 of the last day
 * (`EndPublicity` by the system), for tests that run without the scheduler.
 */
export async function endPublicity(commands: CommandContext, unitId: string, now: Date): Promise<void> {
  await runCaseCommand(
    commands,
    unitId,
    { type: 'EndPublicity', data: {} },
    { actor: { kind: 'system', id: 'clocks' }, channel: 'system', now },
  );
}
