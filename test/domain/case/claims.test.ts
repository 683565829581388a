/**
 * The money claimed after the works (domain.md §6; HZ-2021 item 18), as the pure decider sees it: the
 * project's subsidy is claimed once the agreement is signed, never above the agreed plan's total cost;
 * a household's provident fund (公积金) once the elevator passed completion acceptance, never above
 * the flat's share. Each claim moves only as NEXT_STATUSES allows (applied → approved → paid, or
 * refused with reasons and applied for again), names its amount from approval on, and is read back by
 * `claimsOverview` and by `flatCosts` for the household.
 */
import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CLAIM_STATUSES,
  claimOf,
  claimsOverview,
  decide,
  evolve,
  flatCosts,
  householdAccount,
  NEXT_STATUSES,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type CaseState,
  type ClaimStatus,
  type Fund,
} from '../../../domain/case/index.js';
import { isDomainError, type DomainError } from '../../../domain/errors.js';
import { at, fold, given, historyThrough, JOURNEY, run, type Step } from './support.js';

const seed = fastCheckSeed('case/claims.test.ts');

/** ¥600,000 less a ¥200,000 subsidy: ¥400,000 shared by floors 3–6 as agreed per room; 101–202 pay nothing. */
const FEN_BY_ROOM: Readonly<Record<string, number>> = {
  '301': 4_000_000,
  '302': 4_000_000,
  '401': 5_000_000,
  '402': 5_000_000,
  '501': 5_500_000,
  '502': 5_500_000,
  '601': 5_500_000,
  '602': 5_500_000,
};
const TOTAL_COST_FEN = 60_000_000;

/** The journey, its plan published with that cost plan. */
const COSTED: readonly Step[] = JOURNEY.map((step) =>
  step.command.type === 'PublishPlan'
    ? {
        now: step.now,
        command: {
          type: 'PublishPlan',
          data: {
            ...step.command.data,
            cost: {
              totalCostFen: TOTAL_COST_FEN,
              subsidyFen: 20_000_000,
              scheme: { kind: 'explicit', fenByRoom: FEN_BY_ROOM },
            },
          },
        },
      }
    : step,
);
const COSTED_EVENTS = run(COSTED).events;

/** The costed journey's events through the `occurrence`-th event of `type`. */
function costedThrough(type: CaseEvent['type'], occurrence = 1): CaseEvent[] {
  let seen = 0;
  const index = COSTED_EVENTS.findIndex((event) => event.type === type && ++seen === occurrence);
  if (index < 0) throw new Error(`the costed journey has no ${type} #${occurrence}`);
  return COSTED_EVENTS.slice(0, index + 1);
}

const published = costedThrough('PlanPublished');
const signed = costedThrough('AgreementSigned');
const inspected = costedThrough('SupervisionInspectionRecorded', 2);
const accepted = costedThrough('CompletionAccepted');

type ClaimData = CaseCommandData['RecordFundClaim'];

const claim = (data: Partial<ClaimData> & Pick<ClaimData, 'status'>): CaseCommand => ({
  type: 'RecordFundClaim',
  data: { fund: 'subsidy', on: '2025-08-10', ...data },
});
const subsidy = (status: ClaimStatus, data: Partial<ClaimData> = {}): CaseCommand =>
  claim({ status, ...data });
const fund = (room: string, status: ClaimStatus, data: Partial<ClaimData> = {}): CaseCommand =>
  claim({ fund: 'provident_fund', room, status, ...data });

/** The events after `commands` are decided in turn on `from` (each must be decided). */
function after(from: readonly CaseEvent[], ...commands: CaseCommand[]): CaseEvent[] {
  return run(
    commands.map((command) => ({ command, now: at(160) })),
    from,
  ).events;
}

/** The refusal of `command` on the state after `events` (fails when it is decided). */
function refusal(events: readonly CaseEvent[], command: CaseCommand): DomainError {
  try {
    decide(command, fold(events), { now: at(160) });
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error(`${command.type} was decided`);
}

describe('claiming the subsidy', () => {
  it('waits for the agreement, and needs an agreed plan with a cost', () => {
    given([]).when(subsidy('applied')).then('unit_not_registered');
    given(published).when(subsidy('applied')).then('agreement_not_signed');
    given(historyThrough('AgreementSigned'))
      .when(subsidy('applied'))
      .then('no_agreed_cost', { planVersion: 1 });
  });

  it('is applied for once the agreement is signed, for the whole project, recording only what is given', () => {
    const events = given(signed)
      .when(subsidy('applied'), at(23))
      .then([
        {
          type: 'FundClaimRecorded',
          data: { fund: 'subsidy', status: 'applied', on: '2025-08-10', reasons: [] },
        },
      ]);
    expect(fold(events, fold(signed)).claims).toEqual([
      { fund: 'subsidy', status: 'applied', steps: [{ status: 'applied', on: '2025-08-10', reasons: [] }] },
    ]);
  });

  it('moves applied → approved → paid, keeping every step and the latest amount', () => {
    const applied = after(signed, subsidy('applied', { amountFen: 20_000_000, reference: 'BZ-1' }));
    const approved = after(applied, subsidy('approved', { on: '2025-09-01', amountFen: 18_000_000 }));
    const [paid] = given(approved)
      .when(subsidy('paid', { on: '2025-09-15', amountFen: 18_000_000, reference: 'ZF-9' }))
      .then([
        {
          type: 'FundClaimRecorded',
          data: {
            fund: 'subsidy',
            status: 'paid',
            on: '2025-09-15',
            amountFen: 18_000_000,
            reference: 'ZF-9',
            reasons: [],
          },
        },
      ]);
    expect(claimOf(fold([...approved, paid!]), 'subsidy')).toEqual({
      fund: 'subsidy',
      status: 'paid',
      amountFen: 18_000_000,
      steps: [
        { status: 'applied', on: '2025-08-10', amountFen: 20_000_000, reference: 'BZ-1', reasons: [] },
        { status: 'approved', on: '2025-09-01', amountFen: 18_000_000, reasons: [] },
        { status: 'paid', on: '2025-09-15', amountFen: 18_000_000, reference: 'ZF-9', reasons: [] },
      ],
    });
  });

  it('refuses a room: the subsidy is the whole project’s', () => {
    given(signed)
      .when(subsidy('applied', { room: '301' }))
      .then('validation_error', { field: 'room' });
  });

  it('refuses more than the agreed plan’s total cost, naming the limit and no room', () => {
    const error = refusal(signed, subsidy('applied', { amountFen: TOTAL_COST_FEN + 1 }));
    expect(error.code).toBe('claim_exceeds_share');
    expect(error.details).toEqual({ limitFen: TOTAL_COST_FEN });
    given(signed)
      .when(subsidy('applied', { amountFen: TOTAL_COST_FEN }))
      .events();
  });
});

describe('claiming a household’s provident fund', () => {
  it('names a room the agreed plan shares', () => {
    given(accepted)
      .when(claim({ fund: 'provident_fund', status: 'applied' }))
      .then('validation_error', {
        field: 'room',
      });
    given(accepted).when(fund('901', 'applied')).then('unknown_room', { room: '901' });
  });

  it('waits for the agreement with a cost, then for completion acceptance (HZ-2021 item 18)', () => {
    given(published).when(fund('301', 'applied')).then('agreement_not_signed');
    given(historyThrough('CompletionAccepted'))
      .when(fund('301', 'applied'))
      .then('no_agreed_cost', { planVersion: 1 });
    expect(refusal(signed, fund('301', 'applied')).details).toEqual({ stage: 'publicity' });
    given(signed).when(fund('301', 'applied')).then('completion_not_accepted');
    given(inspected).when(fund('301', 'applied')).then('completion_not_accepted', { stage: 'acceptance' });
  });

  it('is applied for after completion acceptance, one claim per flat, apart from the subsidy', () => {
    const [event] = given(accepted)
      .when(fund('301', 'applied', { amountFen: 4_000_000 }), at(153))
      .then([
        {
          type: 'FundClaimRecorded',
          data: {
            fund: 'provident_fund',
            room: '301',
            status: 'applied',
            on: '2025-08-10',
            amountFen: 4_000_000,
            reasons: [],
          },
        },
      ]);
    const state = fold(
      after(
        [...accepted, event!],
        fund('302', 'applied'),
        subsidy('applied'),
        fund('301', 'approved', { amountFen: 3_000_000 }),
      ),
    );
    expect(state.claims.map((c) => [c.fund, c.room, c.status, c.amountFen])).toEqual([
      ['provident_fund', '301', 'approved', 3_000_000],
      ['provident_fund', '302', 'applied', undefined],
      ['subsidy', undefined, 'applied', undefined],
    ]);
    expect(claimOf(state, 'provident_fund', '302')?.steps).toHaveLength(1);
    expect(claimOf(state, 'provident_fund', '401')).toBeUndefined();
    expect(claimOf(state, 'provident_fund')).toBeUndefined();
  });

  it('refuses more than the flat owes under the agreement, naming the limit and the room', () => {
    const error = refusal(accepted, fund('301', 'applied', { amountFen: 4_000_001 }));
    expect(error.code).toBe('claim_exceeds_share');
    expect(error.details).toEqual({ limitFen: 4_000_000, room: '301' });
    given(accepted)
      .when(fund('301', 'applied', { amountFen: 4_000_000 }))
      .events();
    // A flat that pays nothing under the agreement has nothing to withdraw for.
    expect(refusal(accepted, fund('101', 'applied', { amountFen: 1 })).details).toEqual({
      limitFen: 0,
      room: '101',
    });
    // Nor with no amount named: it is refused, not recorded where no overview would show it.
    expect(refusal(accepted, fund('101', 'applied')).code).toBe('claim_exceeds_share');
  });
});

/** The subsidy claim's events on `signed` that leave it at `status` (none: no claim). */
function subsidyAt(status: ClaimStatus | 'none'): CaseEvent[] {
  const path: Record<ClaimStatus | 'none', CaseCommand[]> = {
    none: [],
    applied: [subsidy('applied')],
    approved: [subsidy('applied'), subsidy('approved', { amountFen: 1_000_000 })],
    paid: [
      subsidy('applied'),
      subsidy('approved', { amountFen: 1_000_000 }),
      subsidy('paid', { amountFen: 1_000_000 }),
    ],
    refused: [subsidy('applied'), subsidy('refused', { reasons: ['材料不全'] })],
  };
  return after(signed, ...path[status]);
}

/** A step to `status` that every other rule accepts. */
const stepTo = (status: ClaimStatus): CaseCommand =>
  subsidy(status, { amountFen: 1_000_000, ...(status === 'refused' ? { reasons: ['材料不全'] } : {}) });

describe('the steps of a claim', () => {
  const FROM = ['none', ...CLAIM_STATUSES] as const;

  it('are exactly those NEXT_STATUSES allows', () => {
    expect(NEXT_STATUSES).toEqual({
      none: ['applied'],
      applied: ['approved', 'refused'],
      approved: ['paid', 'refused'],
      paid: [],
      refused: ['applied'],
    });
  });

  it.each(FROM)(
    'from %s, moves only to the statuses allowed, refusing the others with the allowed ones',
    (from) => {
      const history = subsidyAt(from);
      expect(claimOf(fold(history), 'subsidy')?.status ?? 'none').toBe(from);
      for (const to of CLAIM_STATUSES) {
        if (NEXT_STATUSES[from].includes(to)) {
          const state = fold(given(history).when(stepTo(to)).events(), fold(history));
          expect(claimOf(state, 'subsidy')?.status).toBe(to);
        } else {
          const error = refusal(history, stepTo(to));
          expect(error.code).toBe('claim_status_invalid');
          expect(error.details).toEqual({ status: from, allowed: NEXT_STATUSES[from] });
        }
      }
    },
  );

  it('name their amount from approval on; applying and refusing may leave it out', () => {
    const applied = subsidyAt('applied');
    given(applied).when(subsidy('approved')).then('validation_error', { field: 'amountFen' });
    given(subsidyAt('approved')).when(subsidy('paid')).then('validation_error', { field: 'amountFen' });
    given(applied)
      .when(subsidy('refused', { reasons: ['超出范围'] }))
      .events();
    given(signed).when(subsidy('applied')).events();
  });

  it('refuse an amount that is not whole fen from 1', () => {
    for (const amountFen of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      given(signed).when(subsidy('applied', { amountFen })).then('validation_error', { field: 'amountFen' });
    }
  });

  it('refuse a refusal without reasons, and reasons that are empty or twice', () => {
    const applied = subsidyAt('applied');
    given(applied).when(subsidy('refused')).then('reasons_required');
    given(applied)
      .when(subsidy('refused', { reasons: [] }))
      .then('reasons_required');
    given(applied)
      .when(subsidy('refused', { reasons: [' '] }))
      .then('validation_error', { field: 'reasons[0]' });
    given(applied)
      .when(subsidy('refused', { reasons: ['材料不全', '材料不全'] }))
      .then('validation_error', { field: 'reasons' });
  });

  it('refuse an unknown fund or status, a malformed day and an empty reference', () => {
    given(signed)
      .when(claim({ fund: 'cash' as Fund, status: 'applied' }))
      .then('validation_error', { field: 'fund' });
    given(signed)
      .when(subsidy('pending' as ClaimStatus))
      .then('validation_error', { field: 'status' });
    given(signed)
      .when(subsidy('applied', { on: '2025-8-10' }))
      .then('validation_error', { field: 'on' });
    given(signed)
      .when(subsidy('applied', { reference: ' ' }))
      .then('validation_error', { field: 'reference' });
  });

  it('keep the latest amount named when a step names none, and a new one replaces it', () => {
    const history = after(
      signed,
      subsidy('applied', { amountFen: 3_000_000 }),
      subsidy('refused', { on: '2025-08-20', reasons: ['材料不全'] }),
    );
    expect(claimOf(fold(history), 'subsidy')).toMatchObject({ status: 'refused', amountFen: 3_000_000 });
    const again = after(history, subsidy('applied', { on: '2025-08-25', amountFen: 2_000_000 }));
    expect(claimOf(fold(again), 'subsidy')).toEqual({
      fund: 'subsidy',
      status: 'applied',
      amountFen: 2_000_000,
      steps: [
        { status: 'applied', on: '2025-08-10', amountFen: 3_000_000, reasons: [] },
        { status: 'refused', on: '2025-08-20', reasons: ['材料不全'] },
        { status: 'applied', on: '2025-08-25', amountFen: 2_000_000, reasons: [] },
      ],
    });
  });
});

describe('the claims overview', () => {
  it('lists nothing before the agreement, nor for an agreed plan without a cost', () => {
    const empty = { subsidy: { plannedFen: 0 }, providentFundOpen: false, providentFund: [] };
    expect(claimsOverview(fold(published))).toEqual(empty);
    expect(claimsOverview(fold(historyThrough('AgreementSigned')))).toEqual(empty);
  });

  it('lists the planned subsidy and every flat with something to pay, closed until completion acceptance', () => {
    const rooms = Object.entries(FEN_BY_ROOM).map(([room, shareFen]) => ({ room, shareFen }));
    expect(claimsOverview(fold(signed))).toEqual({
      subsidy: { plannedFen: 20_000_000 },
      providentFundOpen: false,
      providentFund: rooms,
    });
    expect(claimsOverview(fold(accepted))).toMatchObject({ providentFundOpen: true, providentFund: rooms });
  });

  it('shows each claim beside what it is claimed against', () => {
    const state = fold(after(accepted, subsidy('applied'), fund('501', 'applied', { amountFen: 5_500_000 })));
    const overview = claimsOverview(state);
    expect(overview.subsidy).toEqual({ plannedFen: 20_000_000, claim: claimOf(state, 'subsidy') });
    expect(overview.providentFund.find((row) => row.room === '501')).toEqual({
      room: '501',
      shareFen: 5_500_000,
      claim: {
        fund: 'provident_fund',
        room: '501',
        status: 'applied',
        amountFen: 5_500_000,
        steps: [{ status: 'applied', on: '2025-08-10', amountFen: 5_500_000, reasons: [] }],
      },
    });
    expect(overview.providentFund.filter((row) => row.claim !== undefined)).toHaveLength(1);
  });
});

describe('what a flat’s household is told of its claims', () => {
  const flat = { unitId: 'u_1', room: '601' };

  it('shows no claim and the provident fund closed until completion acceptance', () => {
    const costs = flatCosts(fold(signed), flat);
    expect(costs.kind).toBe('agreed');
    expect(costs).not.toHaveProperty('subsidyClaim');
    expect(costs).toMatchObject({ providentFund: { open: false } });
    expect(costs.kind === 'agreed' && costs.providentFund).toEqual({ open: false });
  });

  it('shows the project’s subsidy claim and the flat’s own provident-fund claim, not another flat’s', () => {
    const state = fold(after(accepted, subsidy('applied'), fund('601', 'applied'), fund('602', 'applied')));
    const costs = flatCosts(state, flat);
    expect(costs).toEqual({
      kind: 'agreed',
      unitId: 'u_1',
      unitName: '本单元',
      account: householdAccount(state, '601'),
      subsidyClaim: claimOf(state, 'subsidy'),
      providentFund: { open: true, claim: claimOf(state, 'provident_fund', '601') },
    });
    expect(flatCosts(fold(accepted), flat)).toMatchObject({ providentFund: { open: true } });
    expect(flatCosts(fold(accepted), flat)).not.toHaveProperty('providentFund.claim');
  });
});

describe('claims on random sequences of steps', () => {
  /** The statuses the walks moved a claim to: they must reach every one, not just the first. */
  const REACHED = new Set<ClaimStatus>();
  const ROOMS = ['301', '602', '101'] as const;
  /** Most steps take a move NEXT_STATUSES allows (so claims get paid); the others any status at all. */
  const stepArbitrary = fc.record({
    target: fc.constantFrom<'subsidy' | (typeof ROOMS)[number]>('subsidy', ...ROOMS),
    guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
    pick: fc.nat({ max: 3 }),
    status: fc.constantFrom(...CLAIM_STATUSES),
    amountFen: fc.option(
      fc.oneof(fc.integer({ min: 1, max: 4_000_000 }), fc.integer({ min: 1, max: TOTAL_COST_FEN + 1_000 })),
      { nil: undefined, freq: 4 },
    ),
    reasons: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  });

  it('keep every claim on a path NEXT_STATUSES allows, never above its limit, as a naive reading predicts', () => {
    const start = fold(accepted);
    const limitOf = (room?: string): number =>
      room === undefined ? TOTAL_COST_FEN : Math.max(0, FEN_BY_ROOM[room] ?? 0);
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 40 }), (steps) => {
        let state: CaseState = start;
        for (const s of steps) {
          const room = s.target === 'subsidy' ? undefined : s.target;
          const current =
            claimOf(state, room === undefined ? 'subsidy' : 'provident_fund', room)?.status ?? 'none';
          const allowed = NEXT_STATUSES[current];
          const status = s.guided && allowed.length > 0 ? allowed[s.pick % allowed.length]! : s.status;
          const command = claim({
            fund: room === undefined ? 'subsidy' : 'provident_fund',
            ...(room === undefined ? {} : { room }),
            status,
            ...(s.amountFen === undefined ? {} : { amountFen: s.amountFen }),
            ...(s.reasons ? { reasons: ['材料不全'] } : {}),
          });
          // A flat that owes nothing has no share to pay from the fund, whatever the step.
          const expected =
            room !== undefined && limitOf(room) === 0
              ? 'claim_exceeds_share'
              : !allowed.includes(status)
                ? 'claim_status_invalid'
                : s.amountFen === undefined && (status === 'approved' || status === 'paid')
                  ? 'validation_error'
                  : s.amountFen !== undefined && s.amountFen > limitOf(room)
                    ? 'claim_exceeds_share'
                    : status === 'refused' && !s.reasons
                      ? 'reasons_required'
                      : 'decided';
          let outcome: string;
          try {
            const events = decide(command, state, { now: at(160) });
            state = events.reduce(evolve, state);
            outcome = 'decided';
          } catch (error) {
            if (!isDomainError(error)) throw error;
            outcome = error.code;
          }
          expect(outcome).toBe(expected);
        }
        for (const c of state.claims) {
          let status: ClaimStatus | 'none' = 'none';
          for (const step of c.steps) {
            expect(NEXT_STATUSES[status]).toContain(step.status);
            expect(step.amountFen ?? 0).toBeLessThanOrEqual(limitOf(c.room));
            status = step.status;
            REACHED.add(status);
          }
          expect(c.status).toBe(status);
          expect(c.amountFen).toBe(c.steps.findLast((step) => step.amountFen !== undefined)?.amountFen);
        }
        expect(new Set(state.claims.map((c) => `${c.fund}/${c.room}`)).size).toBe(state.claims.length);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('move claims to every status in those walks', () => {
    expect([...REACHED].sort()).toEqual([...CLAIM_STATUSES].sort());
  });
});
