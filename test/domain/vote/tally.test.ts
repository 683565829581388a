import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatArea } from '../../../domain/vote/area.js';
import { buildRoster, personKeyOf } from '../../../domain/vote/roster.js';
import type { Roster } from '../../../domain/vote/roster.js';
import { tallyVotes } from '../../../domain/vote/tally.js';
import type {
  BallotRules,
  CastVote,
  Choice,
  Count,
  Matter,
  Missing,
  Tally,
  TallyChecks,
} from '../../../domain/vote/types.js';
import { caught } from '../support.js';
import { flat } from './fixtures.js';

const seed = fastCheckSeed('tally.test.ts');

// ---------------------------------------------------------------------------------------------- helpers

const MAJOR: BallotRules = { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' };
const ORDINARY: BallotRules = { ...MAJOR, matter: 'ordinary' };
const NO_ABSTAIN: BallotRules = { ...MAJOR, abstentionParticipates: false };

/** One flat per person, rooms r1, r2, … */
const unit = (areas: readonly number[]): Roster =>
  buildRoster(areas.map((area, i) => flat(`r${i + 1}`, area)));

const vote = (seq: number, room: string, choice: Choice, voterId?: string): CastVote =>
  voterId === undefined ? { seq, room, choice } : { seq, room, choice, voterId };

/** Votes for r1, r2, … in order; `null` means that person does not vote. */
const ballots = (choices: readonly (Choice | null)[]): CastVote[] =>
  choices.flatMap((choice, i) => (choice === null ? [] : [vote(i + 1, `r${i + 1}`, choice)]));

const failing = (checks: TallyChecks): string[] =>
  Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([name]) => name)
    .sort();

const a = 'agree';
const o = 'oppose';
const ab = 'abstain';
const _ = null;
const PASSED: Missing = { possible: true, owners: 0, areaCenti: 0 };
const IMPOSSIBLE: Missing = { possible: false, owners: 0, areaCenti: 0 };
const need = (owners: number, areaCenti: number): Missing => ({ possible: true, owners, areaCenti });

// ------------------------------------------------------------------------------------- boundary table

interface Row {
  name: string;
  areas: number[];
  choices: (Choice | null)[];
  rules: BallotRules;
  fails: string[];
  missing: Missing;
}

const rows: Row[] = [
  {
    name: 'passes at exactly two thirds of total area and of owners participating',
    areas: [10000, 10000, 10000],
    choices: [a, a, _],
    rules: MAJOR,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'fails one hundredth of a square metre below two thirds of total area',
    areas: [9999, 10000, 10001],
    choices: [a, a, _],
    rules: MAJOR,
    fails: ['participationArea'],
    missing: need(1, 1),
  },
  {
    name: 'fails with one owner too few participating even at exactly two thirds of area',
    areas: [20000, 5000, 5000],
    choices: [a, _, _],
    rules: MAJOR,
    fails: ['participationOwners'],
    missing: need(1, 0),
  },
  {
    name: 'passes at exactly three quarters of participating area and owners',
    areas: [10000, 10000, 10000, 10000],
    choices: [a, a, a, o],
    rules: MAJOR,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'fails one hundredth below three quarters of participating area, and nobody is left to ask',
    areas: [10000, 10000, 9999, 10001],
    choices: [a, a, a, o],
    rules: MAJOR,
    fails: ['approvalArea'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'fails below three quarters of participating owners although the area is enough',
    areas: [10000, 10000, 10000, 1000, 1000],
    choices: [a, a, a, o, o],
    rules: MAJOR,
    fails: ['approvalOwners'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'needs two more agreeing owners and 200.00 m² to reach three quarters',
    areas: [10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000],
    choices: [a, a, a, a, o, o, _, _],
    rules: MAJOR,
    fails: ['approvalArea', 'approvalOwners'],
    missing: need(2, 20000),
  },
  {
    name: 'fails an ordinary matter at exactly half of participating owners and area',
    areas: [10000, 10000, 10000, 10000],
    choices: [a, a, o, o],
    rules: ORDINARY,
    fails: ['approvalArea', 'approvalOwners'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'passes an ordinary matter with more than half of participating owners and area',
    areas: [10000, 10000, 10000, 10000],
    choices: [a, a, a, o],
    rules: ORDINARY,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'fails an ordinary matter at exactly half of participating area although most owners agree',
    areas: [5000, 5000, 10000],
    choices: [a, a, o],
    rules: ORDINARY,
    fails: ['approvalArea'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'passes an ordinary matter one hundredth above half of participating area',
    areas: [5001, 5000, 10000],
    choices: [a, a, o],
    rules: ORDINARY,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'asks an ordinary matter for one hundredth more than half, never exactly half',
    areas: [10000, 10000, 10000, 10000],
    choices: [a, o, _, _],
    rules: ORDINARY,
    fails: ['approvalArea', 'approvalOwners', 'participationArea', 'participationOwners'],
    missing: need(1, 6667),
  },
  {
    name: 'passes when an abstainer completes two thirds participation (abstention participates)',
    areas: [10000, 10000, 10000, 10000, 10000, 10000],
    choices: [a, a, a, ab, _, _],
    rules: MAJOR,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'fails the same votes on participation when abstention does not participate',
    areas: [10000, 10000, 10000, 10000, 10000, 10000],
    choices: [a, a, a, ab, _, _],
    rules: NO_ABSTAIN,
    fails: ['participationArea', 'participationOwners'],
    missing: need(1, 10000),
  },
  {
    name: 'fails three quarters when a participating abstainer dilutes approval',
    areas: [10000, 10000, 10000, 10000, 10000],
    choices: [a, a, a, ab, o],
    rules: MAJOR,
    fails: ['approvalArea', 'approvalOwners'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'passes the same votes when abstention does not participate',
    areas: [10000, 10000, 10000, 10000, 10000],
    choices: [a, a, a, ab, o],
    rules: NO_ABSTAIN,
    fails: [],
    missing: PASSED,
  },
  {
    name: 'does not count on abstainers who do not participate: they have voted',
    areas: [10000, 10000, 10000],
    choices: [a, ab, ab],
    rules: NO_ABSTAIN,
    fails: ['participationArea', 'participationOwners'],
    missing: IMPOSSIBLE,
  },
  {
    name: 'fails a major matter with nobody voting although approval holds vacuously',
    areas: [10000, 10000, 10000],
    choices: [_, _, _],
    rules: MAJOR,
    fails: ['participationArea', 'participationOwners'],
    missing: need(2, 20000),
  },
  {
    name: 'fails an ordinary matter with nobody voting on all four tests',
    areas: [10000, 10000, 10000],
    choices: [_, _, _],
    rules: ORDINARY,
    fails: ['approvalArea', 'approvalOwners', 'participationArea', 'participationOwners'],
    missing: need(2, 20000),
  },
  {
    name: 'still needs 2 owners and 96.40 m² when four of nine agree',
    areas: [7000, 7000, 7000, 7000, 6000, 6000, 6000, 5230, 5230],
    choices: [a, a, a, a, _, _, _, _, _],
    rules: MAJOR,
    fails: ['participationArea', 'participationOwners'],
    missing: need(2, 9640),
  },
  {
    name: 'needs more owners than the headcount asks when the remaining flats are small',
    areas: [2000, 2000, 2000, 2000, 3000, 3000, 3000],
    choices: [a, a, a, a, _, _, _],
    rules: MAJOR,
    fails: ['participationArea', 'participationOwners'],
    missing: need(2, 3334),
  },
  {
    name: 'cannot pass an ordinary matter when too few owners are left to outvote the opposition',
    areas: [10000, 10000, 10000],
    choices: [o, o, _],
    rules: ORDINARY,
    fails: ['approvalArea', 'approvalOwners'],
    missing: IMPOSSIBLE,
  },
];

describe('tallyVotes: thresholds (Civil Code art. 278, art. 1259)', () => {
  it.each(rows)('$name', ({ areas, choices, rules, fails, missing }) => {
    const tally = tallyVotes(unit(areas), rules, ballots(choices));
    expect(failing(tally.checks)).toEqual([...fails].sort());
    expect(tally.passed).toBe(fails.length === 0);
    expect(tally.missing).toEqual(missing);
  });

  it('says "还差 2 户、96.40㎡" in figures the presenter can show exactly', () => {
    const tally = tallyVotes(
      unit([7000, 7000, 7000, 7000, 6000, 6000, 6000, 5230, 5230]),
      MAJOR,
      ballots([a, a, a, a]),
    );
    expect(`还差 ${tally.missing.owners} 户、${formatArea(tally.missing.areaCenti)}㎡`).toBe(
      '还差 2 户、96.40㎡',
    );
  });

  it('reports every count, keeping non-participating abstainers in abstain', () => {
    const roster = unit([1000, 2000, 3000, 4000, 5000, 6000]);
    const votes = ballots([a, a, o, ab, ab, _]);
    expect(tallyVotes(roster, MAJOR, votes)).toMatchObject({
      totals: { owners: 6, areaCenti: 21000 },
      agree: { owners: 2, areaCenti: 3000 },
      oppose: { owners: 1, areaCenti: 3000 },
      abstain: { owners: 2, areaCenti: 9000 },
      participating: { owners: 5, areaCenti: 15000 },
      conflicts: [],
    });
    expect(tallyVotes(roster, NO_ABSTAIN, votes)).toMatchObject({
      abstain: { owners: 2, areaCenti: 9000 },
      participating: { owners: 3, areaCenti: 6000 },
    });
  });

  it('returns a frozen result', () => {
    const tally = tallyVotes(unit([1000, 2000]), MAJOR, ballots([a, _]));
    expect(Object.isFrozen(tally)).toBe(true);
    for (const part of [tally.agree, tally.checks, tally.missing, tally.conflicts, tally.participating]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });
});

// ------------------------------------------------------------------------------ persons and their votes

describe('tallyVotes: who counts and which vote counts (SPC interpretation arts. 8–9)', () => {
  const roster = buildRoster([
    flat('101', 7000, { ownerKey: 'zhang' }),
    flat('201', 7000, { ownerKey: 'zhang', floor: 2 }),
    flat('301', 7000, { ownerKey: 'zhang', floor: 3 }),
    flat('102', 8000),
    flat('202', 9000, { developerStock: true, floor: 2 }),
    flat('302', 9000, { developerStock: true, floor: 3 }),
    flat('402', 9000, { developerStock: true, floor: 4 }),
    flat('401', 6000, { floor: 4 }),
  ]);

  it('counts an owner of three flats once, with all three areas, whichever room the vote came through', () => {
    const tally = tallyVotes(roster, MAJOR, [vote(1, '201', 'agree')]);
    expect(tally.totals).toEqual({ owners: 4, areaCenti: 62000 });
    expect(tally.agree).toEqual({ owners: 1, areaCenti: 21000 });
  });

  it('counts all developer stock as one person with all its area', () => {
    const tally = tallyVotes(roster, MAJOR, [vote(1, '302', 'oppose'), vote(2, '402', 'oppose')]);
    expect(tally.oppose).toEqual({ owners: 1, areaCenti: 27000 });
  });

  it('lets the latest vote through any of one owner’s rooms replace the earlier ones', () => {
    const tally = tallyVotes(roster, MAJOR, [vote(1, '101', 'agree'), vote(2, '301', 'oppose')]);
    expect(tally.agree).toEqual({ owners: 0, areaCenti: 0 });
    expect(tally.oppose).toEqual({ owners: 1, areaCenti: 21000 });
  });

  it('counts a changed vote by seq, not by the order the votes arrive in', () => {
    const votes = [vote(9, '102', 'oppose'), vote(3, '102', 'agree'), vote(5, '102', 'abstain')];
    const tally = tallyVotes(roster, MAJOR, votes);
    expect(tally.oppose).toEqual({ owners: 1, areaCenti: 8000 });
    expect(tally.agree.owners + tally.abstain.owners).toBe(0);
  });

  it('ignores votes for rooms that are not on the roster', () => {
    const tally = tallyVotes(roster, MAJOR, [vote(1, '999', 'agree'), vote(2, '102', 'oppose')]);
    expect(tally.agree).toEqual({ owners: 0, areaCenti: 0 });
    expect(tally.participating).toEqual({ owners: 1, areaCenti: 8000 });
  });

  const disagreeing = [vote(1, '102', 'agree', 'wife'), vote(2, '102', 'oppose', 'husband')];

  it('flags co-owners who disagree and counts the earlier vote by default', () => {
    const tally = tallyVotes(roster, MAJOR, disagreeing);
    expect(tally.conflicts).toEqual(['room:102']);
    expect(tally.agree).toEqual({ owners: 1, areaCenti: 8000 });
    expect(tally.oppose.owners).toBe(0);
  });

  it('flags co-owners who disagree and counts the latest vote when the ballot says so', () => {
    const tally = tallyVotes(roster, { ...MAJOR, onCoOwnerConflict: 'latest' }, disagreeing);
    expect(tally.conflicts).toEqual(['room:102']);
    expect(tally.oppose).toEqual({ owners: 1, areaCenti: 8000 });
  });

  it('ends the conflict when a co-owner comes round, and counts the latest vote again', () => {
    const tally = tallyVotes(roster, MAJOR, [...disagreeing, vote(3, '102', 'oppose', 'wife')]);
    expect(tally.conflicts).toEqual([]);
    expect(tally.oppose).toEqual({ owners: 1, areaCenti: 8000 });
  });

  it('does not treat one voter changing their mind as a conflict', () => {
    const tally = tallyVotes(roster, MAJOR, [
      vote(1, '102', 'agree', 'wife'),
      vote(2, '102', 'oppose', 'wife'),
    ]);
    expect(tally.conflicts).toEqual([]);
    expect(tally.oppose.owners).toBe(1);
  });

  it('ignores votes without a voter when looking for a conflict, but lets them count as the latest', () => {
    const votes = [vote(1, '102', 'agree', 'wife'), vote(2, '102', 'oppose')];
    const tally = tallyVotes(roster, MAJOR, votes);
    expect(tally.conflicts).toEqual([]);
    expect(tally.oppose.owners).toBe(1);
  });

  it('counts the earliest of the voters’ latest votes among three disagreeing voters', () => {
    const votes = [
      vote(1, '102', 'agree', 'wife'),
      vote(2, '102', 'abstain', 'son'),
      vote(3, '102', 'oppose', 'husband'),
      vote(4, '102', 'oppose', 'wife'),
      vote(5, '102', 'agree'),
    ];
    const earlier = tallyVotes(roster, MAJOR, votes);
    expect(earlier.conflicts).toEqual(['room:102']);
    expect(earlier.abstain.owners).toBe(1);
    const latest = tallyVotes(roster, { ...MAJOR, onCoOwnerConflict: 'latest' }, votes);
    expect(latest.agree.owners).toBe(1);
  });

  it('flags a conflict between voters of different flats of one person, listing persons in roster order', () => {
    const votes = [
      vote(1, '402', 'agree', 'sales'),
      vote(2, '202', 'oppose', 'manager'),
      vote(3, '101', 'agree', 'zhang'),
      vote(4, '301', 'oppose', 'zhang-son'),
    ];
    const tally = tallyVotes(roster, MAJOR, votes);
    expect(tally.conflicts).toEqual(['zhang', 'developer']);
    expect(tally.agree).toEqual({ owners: 2, areaCenti: 48000 });
  });

  it.each([
    ['a fractional seq', [vote(1.5, '102', 'agree')], { index: 0, field: 'seq' }],
    ['an unsafe seq', [vote(2 ** 53, '102', 'agree')], { index: 0, field: 'seq' }],
    [
      'a seq used twice',
      [vote(1, '102', 'agree'), vote(1, '999', 'oppose')],
      { index: 1, field: 'seq', firstIndex: 0 },
    ],
    ['an unknown choice', [vote(1, '102', 'maybe' as Choice)], { index: 0, field: 'choice' }],
  ])('refuses %s as a validation error', (_name, votes, details) => {
    const error = caught(() => tallyVotes(roster, MAJOR, votes));
    expect(error.code).toBe('validation_error');
    expect(error.details).toEqual(details);
  });

  it('lets a settling vote (paper ballot, joint statement) end a conflict; later disagreement opens it again', () => {
    const statement = { ...vote(3, '102', 'oppose', 'committee'), settles: true };
    const settled = tallyVotes(roster, MAJOR, [...disagreeing, statement]);
    expect(settled.conflicts).toEqual([]);
    expect(settled.oppose).toEqual({ owners: 1, areaCenti: 8000 });
    expect(settled.conflictsCouldChange).toBe(false);
    const again = tallyVotes(roster, MAJOR, [...disagreeing, statement, vote(4, '102', 'agree', 'wife')]);
    expect(again.conflicts).toEqual(['room:102']);
    // The earlier of the stances in play since the statement counts: the statement's.
    expect(again.oppose).toEqual({ owners: 1, areaCenti: 8000 });
  });

  it('says whether the open conflicts could change the outcome', () => {
    const small = buildRoster([flat('101', 5000), flat('102', 5000), flat('103', 5000), flat('104', 5000)]);
    const agreeAll = ['101', '102', '103'].map((room, i) => vote(i + 1, room, 'agree'));
    // 104's co-owners disagree: counted agree (earlier), the other stance would be oppose. 4/4 agree
    // passes; 3 agree of 4 participating still passes (≥ 3/4): it cannot change.
    const cannot = tallyVotes(small, MAJOR, [
      ...agreeAll,
      vote(4, '104', 'agree', 'wife'),
      vote(5, '104', 'oppose', 'husband'),
    ]);
    expect({
      passed: cannot.passed,
      conflicts: cannot.conflicts,
      could: cannot.conflictsCouldChange,
    }).toEqual({
      passed: true,
      conflicts: ['room:104'],
      could: false,
    });
    // With 103 opposing, 104 counted agree passes (3 of 4), but oppose would fail (2 of 4): it could.
    const could = tallyVotes(small, MAJOR, [
      vote(1, '101', 'agree'),
      vote(2, '102', 'agree'),
      vote(3, '103', 'oppose'),
      vote(4, '104', 'agree', 'wife'),
      vote(5, '104', 'oppose', 'husband'),
    ]);
    expect({ passed: could.passed, could: could.conflictsCouldChange }).toEqual({
      passed: true,
      could: true,
    });
    expect(tallyVotes(small, MAJOR, agreeAll).conflictsCouldChange).toBe(false);
  });
});

// ----------------------------------------------------------------------------------------- properties

/**
 * The four tests of art. 278, written independently of the code under test: as fractions in floating
 * point. That is exact enough here: two distinct ratios of integers below 10^9 differ by far more than
 * the rounding error, and an exact 3/4 or 2/3 rounds to the same float on both sides.
 */
function checksOf(matter: Matter, agree: Count, participating: Count, totals: Count): TallyChecks {
  const approves = (yes: number, of: number): boolean =>
    of === 0 ? matter === 'major' : matter === 'major' ? yes / of >= 3 / 4 : yes / of > 1 / 2;
  return {
    participationOwners: participating.owners / totals.owners >= 2 / 3,
    participationArea: participating.areaCenti / totals.areaCenti >= 2 / 3,
    approvalOwners: approves(agree.owners, participating.owners),
    approvalArea: approves(agree.areaCenti, participating.areaCenti),
  };
}

const allPass = (checks: TallyChecks): boolean => Object.values(checks).every(Boolean);

/** A naive reading of the counting rules: each person's stance from their own votes, newest first. */
function stanceOf(
  roster: Roster,
  rules: BallotRules,
  votes: readonly CastVote[],
  key: string,
): Choice | undefined {
  const rooms = new Set(roster.persons.find((p) => p.key === key)?.rooms);
  const mine = votes.filter((v) => rooms.has(v.room)).sort((x, y) => y.seq - x.seq);
  if (mine.length === 0) return undefined;
  const voters = [...new Set(mine.flatMap((v) => (v.voterId === undefined ? [] : [v.voterId])))];
  const finals = voters.map((id) => mine.find((v) => v.voterId === id) as CastVote);
  const disagree = finals.some((v) => v.choice !== finals[0]?.choice);
  if (disagree && rules.onCoOwnerConflict === 'earlier') {
    return finals.sort((x, y) => x.seq - y.seq)[0]?.choice;
  }
  return mine[0]?.choice;
}

interface Case {
  roster: Roster;
  rules: BallotRules;
  votes: CastVote[];
}

const arbitraryCase: fc.Arbitrary<Case> = fc
  .record({
    flats: fc.array(
      fc.record({
        owner: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined, freq: 2 }),
        developerStock: fc.boolean(),
        areaCenti: fc.oneof(fc.integer({ min: 1, max: 20000 }), fc.constantFrom(5000, 10000, 10001, 9999)),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    votes: fc.array(
      fc.record({
        room: fc.nat({ max: 10 }),
        choice: fc.constantFrom<Choice>('agree', 'agree', 'agree', 'agree', 'oppose', 'abstain'),
        voterId: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }),
        gap: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 16 },
    ),
    rules: fc.record({
      matter: fc.constantFrom<Matter>('major', 'ordinary'),
      abstentionParticipates: fc.boolean(),
      onCoOwnerConflict: fc.constantFrom<'earlier' | 'latest'>('earlier', 'latest'),
    }),
  })
  .map(({ flats, votes, rules }) => {
    const roster = buildRoster(
      flats.map((f, i) =>
        flat(`r${i}`, f.areaCenti, {
          developerStock: f.developerStock && i % 3 === 0,
          ...(f.owner === undefined ? {} : { ownerKey: f.owner }),
        }),
      ),
    );
    let seq = 0;
    const cast = votes.map((v) => {
      seq += v.gap;
      // room index 10 (or beyond the roster) is a room that is not on the roster
      return vote(seq, v.room < flats.length ? `r${v.room}` : 'r99', v.choice, v.voterId);
    });
    return { roster, rules, votes: cast };
  });

/** Recounts a tally from the naive stances, to compare with `tallyVotes`. */
function recount({ roster, rules, votes }: Case) {
  const sum = (choices: (Choice | undefined)[]): Count => {
    const persons = roster.persons.filter((p) => choices.includes(stanceOf(roster, rules, votes, p.key)));
    return { owners: persons.length, areaCenti: persons.reduce((s, p) => s + p.areaCenti, 0) };
  };
  const participatingChoices: Choice[] = rules.abstentionParticipates
    ? ['agree', 'oppose', 'abstain']
    : ['agree', 'oppose'];
  return {
    agree: sum(['agree']),
    oppose: sum(['oppose']),
    abstain: sum(['abstain']),
    absent: roster.persons.filter((p) => stanceOf(roster, rules, votes, p.key) === undefined),
    participating: sum(participatingChoices),
  };
}

describe('tallyVotes: properties', () => {
  it('counts what a naive reading of the rules counts, and its totals are the sums over persons', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const tally = tallyVotes(c.roster, c.rules, c.votes);
        const expected = recount(c);
        expect(tally.agree).toEqual(expected.agree);
        expect(tally.oppose).toEqual(expected.oppose);
        expect(tally.abstain).toEqual(expected.abstain);
        expect(tally.participating).toEqual(expected.participating);
        expect(tally.checks).toEqual(
          checksOf(c.rules.matter, tally.agree, tally.participating, tally.totals),
        );
        expect(tally.passed).toBe(allPass(tally.checks));
        // (c) totals are the sums over persons, and every person is exactly one of agree/oppose/abstain/absent
        expect(tally.totals.owners).toBe(c.roster.persons.length);
        expect(tally.totals.owners).toBe(new Set(c.roster.flats.map(personKeyOf)).size);
        expect(tally.totals.areaCenti).toBe(c.roster.persons.reduce((s, p) => s + p.areaCenti, 0));
        expect(tally.totals.areaCenti).toBe(c.roster.flats.reduce((s, f) => s + f.areaCenti, 0));
        const absentArea = expected.absent.reduce((s, p) => s + p.areaCenti, 0);
        expect(tally.agree.owners + tally.oppose.owners + tally.abstain.owners + expected.absent.length).toBe(
          tally.totals.owners,
        );
        expect(tally.agree.areaCenti + tally.oppose.areaCenti + tally.abstain.areaCenti + absentArea).toBe(
          tally.totals.areaCenti,
        );
      }),
      { seed, verbose: true, numRuns: 300 },
    );
  });

  it('never turns a pass into a fail, nor any passing test into a failing one, when one more person agrees', () => {
    const withSwitch = arbitraryCase.chain((c) => fc.record({ c: fc.constant(c), who: fc.nat({ max: 9 }) }));
    fc.assert(
      fc.property(withSwitch, ({ c, who }) => {
        const candidates = c.roster.persons.filter((p) => {
          const stance = stanceOf(c.roster, c.rules, c.votes, p.key);
          return stance === undefined || stance === 'oppose';
        });
        fc.pre(candidates.length > 0);
        const person = candidates[who % candidates.length] as (typeof candidates)[number];
        const rooms = new Set(person.rooms);
        const lastSeq = Math.max(0, ...c.votes.map((v) => v.seq));
        const switched = [
          ...c.votes.filter((v) => !rooms.has(v.room)),
          vote(lastSeq + 1, person.rooms[0] as string, 'agree', 'newcomer'),
        ];
        const before = tallyVotes(c.roster, c.rules, c.votes);
        const after = tallyVotes(c.roster, c.rules, switched);
        expect(after.agree.owners).toBe(before.agree.owners + 1);
        for (const [name, ok] of Object.entries(before.checks)) {
          if (ok) expect(after.checks[name as keyof TallyChecks]).toBe(true);
        }
        if (before.passed) expect(after.passed).toBe(true);
      }),
      { seed, verbose: true, numRuns: 300 },
    );
  });

  it('reports the fewest missing owners and the least missing area, checked against every subset', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const tally = tallyVotes(c.roster, c.rules, c.votes);
        const absent = recount(c).absent;
        const { matter } = c.rules;
        let fewest = Number.POSITIVE_INFINITY;
        let leastArea = Number.POSITIVE_INFINITY;
        for (let mask = 0; mask < 1 << absent.length; mask++) {
          const chosen = absent.filter((_p, i) => (mask >> i) & 1);
          const added = chosen.reduce((s, p) => s + p.areaCenti, 0);
          const agree = {
            owners: tally.agree.owners + chosen.length,
            areaCenti: tally.agree.areaCenti + added,
          };
          const participating = {
            owners: tally.participating.owners + chosen.length,
            areaCenti: tally.participating.areaCenti + added,
          };
          if (allPass(checksOf(matter, agree, participating, tally.totals))) {
            fewest = Math.min(fewest, chosen.length);
            leastArea = Math.min(leastArea, added);
          }
        }
        if (tally.passed) {
          expect(tally.missing).toEqual(PASSED);
        } else if (fewest === Number.POSITIVE_INFINITY) {
          expect(tally.missing).toEqual(IMPOSSIBLE);
        } else {
          expect(tally.missing.possible).toBe(true);
          expect(tally.missing.owners).toBe(fewest);
          // the area figure is a threshold: no passing choice adds less, and exactly that much would do
          expect(leastArea).toBeGreaterThanOrEqual(tally.missing.areaCenti);
          const areaChecks = (x: number): boolean => {
            const checks = checksOf(
              matter,
              { owners: 0, areaCenti: tally.agree.areaCenti + x },
              { owners: 0, areaCenti: tally.participating.areaCenti + x },
              tally.totals,
            );
            return checks.participationArea && checks.approvalArea;
          };
          expect(areaChecks(tally.missing.areaCenti)).toBe(true);
          if (tally.missing.areaCenti > 0) expect(areaChecks(tally.missing.areaCenti - 1)).toBe(false);
        }
      }),
      { seed, verbose: true, numRuns: 500 },
    );
  });

  it('does not depend on the order the votes arrive in', () => {
    const shuffled = arbitraryCase.chain((c) =>
      fc.record({ c: fc.constant(c), order: fc.shuffledSubarray(c.votes, { minLength: c.votes.length }) }),
    );
    fc.assert(
      fc.property(shuffled, ({ c, order }) => {
        const expected: Tally = tallyVotes(c.roster, c.rules, c.votes);
        expect(tallyVotes(c.roster, c.rules, order)).toEqual(expected);
        expect(tallyVotes(c.roster, c.rules, [...c.votes].reverse())).toEqual(expected);
      }),
      { seed, verbose: true, numRuns: 300 },
    );
  });
});
