/**
 * The double-threshold tally of a unit vote (Civil Code art. 278 para. 2; SPC building-division
 * interpretation arts. 8–9). A failing vote is a result, not an error: the tally says which of the four
 * tests failed and what is still missing to pass.
 *
 * All arithmetic is on safe integers (areas in 0.01 m²); every threshold is an integer inequality in
 * which equality passes, because "以上" includes the boundary (Civil Code art. 1259) — except the
 * ordinary matter's "过半数", which is strictly more than half.
 */
import { DomainError } from '../errors.js';
import { countTotals, personKeyOf } from './roster.js';
import type { Roster } from './roster.js';
import type { BallotRules, CastVote, Choice, Count, Matter, Missing, Tally, TallyChecks } from './types.js';

const CHOICES: ReadonlySet<Choice> = new Set<Choice>(['agree', 'oppose', 'abstain']);

interface Counter {
  owners: number;
  areaCenti: number;
}

/** Refuses votes that cannot be ordered: a seq that is not a safe integer, or one seq used twice. */
function validateVotes(votes: readonly CastVote[]): void {
  const indexOfSeq = new Map<number, number>();
  votes.forEach((vote, index) => {
    if (!Number.isSafeInteger(vote.seq)) {
      throw new DomainError('validation_error', `Vote ${index}: seq must be a safe integer.`, {
        index,
        field: 'seq',
      });
    }
    if (!CHOICES.has(vote.choice)) {
      throw new DomainError('validation_error', `Vote ${index}: choice is agree, oppose or abstain.`, {
        index,
        field: 'choice',
      });
    }
    const firstIndex = indexOfSeq.get(vote.seq);
    if (firstIndex !== undefined) {
      throw new DomainError('validation_error', `Vote ${index}: seq is already used by vote ${firstIndex}.`, {
        index,
        field: 'seq',
        firstIndex,
      });
    }
    indexOfSeq.set(vote.seq, index);
  });
}

/** What counts for one person, and whether their co-owners disagree. */
export interface Standing {
  /** The vote that counts (none yet: undefined). */
  readonly vote: CastVote | undefined;
  readonly conflict: boolean;
  /** Each voter's latest vote since the last settling one, earliest first: the stances in play. */
  readonly finals: readonly CastVote[];
}

/**
 * The vote that counts for one person, from their votes in ascending `seq`: the latest, unless the
 * latest votes of two or more voters disagree (a co-owner conflict), in which case
 * `onCoOwnerConflict` picks the earliest of those voters' latest votes, or keeps the latest overall.
 * A settling vote (paper ballot, joint statement) ends every conflict before it: only it and later
 * votes are read.
 */
export function countedVote(
  votes: readonly CastVote[],
  onCoOwnerConflict: BallotRules['onCoOwnerConflict'],
): Standing {
  let from = 0;
  votes.forEach((vote, index) => {
    if (vote.settles === true) from = index;
  });
  let latest: CastVote | undefined;
  const latestOfVoter = new Map<string, CastVote>();
  for (const vote of votes.slice(from)) {
    latest = vote;
    if (vote.voterId !== undefined) latestOfVoter.set(vote.voterId, vote);
  }
  const finals = [...latestOfVoter.values()].sort((a, b) => a.seq - b.seq);
  const conflict = new Set(finals.map((vote) => vote.choice)).size > 1;
  if (!conflict || onCoOwnerConflict === 'latest') return { vote: latest, conflict, finals };
  return { vote: finals[0], conflict, finals };
}

/** Whether `agree` of `participating` is enough approval for the matter (art. 278 para. 2). */
function approves(matter: Matter, agree: number, participating: number): boolean {
  return matter === 'major' ? 4 * agree >= 3 * participating : 2 * agree > participating;
}

/** ⌈n / 3⌉ for any safe integer n, without floats. */
function ceilThird(n: number): number {
  const rest = n % 3;
  return (n - rest) / 3 + (rest > 0 ? 1 : 0);
}

/**
 * The least `x ≥ 0` such that `x` more participants who all agree make both the participation test
 * (`3(p + x) ≥ 2t`) and the approval test pass: major `4(a + x) ≥ 3(p + x)` ⇔ `x ≥ 3p − 4a`; ordinary
 * `2(a + x) > p + x` ⇔ `x ≥ p − 2a + 1`. Both hold for every larger `x`, so this is a threshold.
 */
function shortfall(matter: Matter, agree: number, participating: number, total: number): number {
  const forParticipation = ceilThird(2 * total - 3 * participating);
  const forApproval = matter === 'major' ? 3 * participating - 4 * agree : participating - 2 * agree + 1;
  return Math.max(0, forParticipation, forApproval);
}

/**
 * What is missing when the k persons who have not voted and own the most area agree. The owner tests
 * depend only on k and the area tests improve with every added 0.01 m², so the k largest are the best
 * choice of k persons, and the first k that passes is the fewest.
 */
function findMissing(
  matter: Matter,
  agree: Count,
  participating: Count,
  totals: Count,
  absentAreas: readonly number[],
): Missing {
  const owners = shortfall(matter, agree.owners, participating.owners, totals.owners);
  const areaCenti = shortfall(matter, agree.areaCenti, participating.areaCenti, totals.areaCenti);
  const largestFirst = [...absentAreas].sort((a, b) => b - a);
  let k = 0;
  let added = 0;
  for (const area of largestFirst) {
    if (k >= owners && added >= areaCenti) break;
    k += 1;
    added += area;
  }
  if (k >= owners && added >= areaCenti) return Object.freeze({ possible: true, owners: k, areaCenti });
  return Object.freeze({ possible: false, owners: 0, areaCenti: 0 });
}

function add(counter: Counter, areaCenti: number): void {
  counter.owners += 1;
  counter.areaCenti += areaCenti;
}

/**
 * Counts a unit vote under Civil Code art. 278 para. 2 and the SPC building-division interpretation
 * arts. 8–9, with the rules frozen when the ballot opened.
 *
 * - One person, one stance: the latest vote (highest `seq`) cast through any of their rooms counts for
 *   all their flats and all their area. Votes for rooms not in the roster are ignored (the command layer
 *   refuses them first). The order of `votes` does not matter; `seq` does.
 * - Co-owner conflict: when the latest votes of two or more distinct `voterId`s of one person disagree,
 *   the person key is listed in `conflicts` for the committee, and the counted vote is the earliest of
 *   those voters' latest votes (`'earlier'`, the default) or the latest vote overall (`'latest'`).
 * - Participating = agree + oppose (+ abstain when `abstentionParticipates`); abstainers always appear
 *   in `abstain`.
 * - Participation: `3·A_p ≥ 2·A_t` and `3·N_p ≥ 2·N_t` ("三分之二以上", art. 1259: the boundary passes).
 *   Approval, major: `4·A_a ≥ 3·A_p` and `4·N_a ≥ 3·N_p` ("四分之三以上"); ordinary: `2·A_a > A_p` and
 *   `2·N_a > N_p` ("过半数": exactly half fails). `passed` needs all four.
 * - `missing`: when not passed, the fewest persons without a counted vote whose agreement would make it
 *   pass (the largest owners first) and the least added agreeing area that satisfies both area tests;
 *   `possible: false` when even all of them would not do. Abstainers have voted and are not counted on.
 *
 * @throws DomainError `validation_error` with `{ index, field: 'seq' | 'choice' }` for a vote whose `seq`
 *   is not a safe integer or repeats another vote's, or whose choice is unknown.
 */
export function tallyVotes(roster: Roster, rules: BallotRules, votes: readonly CastVote[]): Tally {
  validateVotes(votes);
  const personOfRoom = new Map<string, string>();
  for (const flat of roster.flats) personOfRoom.set(flat.room, personKeyOf(flat));

  const votesOfPerson = new Map<string, CastVote[]>();
  for (const vote of [...votes].sort((a, b) => a.seq - b.seq)) {
    const key = personOfRoom.get(vote.room);
    if (key === undefined) continue;
    const list = votesOfPerson.get(key) ?? [];
    list.push(vote);
    votesOfPerson.set(key, list);
  }

  const standings = new Map<string, Standing>();
  for (const person of roster.persons) {
    standings.set(person.key, countedVote(votesOfPerson.get(person.key) ?? [], rules.onCoOwnerConflict));
  }
  const conflicts = roster.persons.filter((person) => standings.get(person.key)!.conflict).map((p) => p.key);
  const choiceOf = new Map([...standings].map(([key, standing]) => [key, standing.vote?.choice]));
  const { agree, oppose, abstain, participating, checks, passed, absentAreas } = countChoices(
    roster,
    rules,
    choiceOf,
  );
  const totals = countTotals(roster);
  return Object.freeze({
    passed,
    totals,
    participating,
    agree: Object.freeze({ ...agree }),
    oppose: Object.freeze({ ...oppose }),
    abstain: Object.freeze({ ...abstain }),
    checks,
    missing: passed
      ? Object.freeze({ possible: true, owners: 0, areaCenti: 0 })
      : findMissing(rules.matter, agree, participating, totals, absentAreas),
    conflicts: Object.freeze(conflicts),
    conflictsCouldChange: couldConflictsChange(roster, rules, standings, choiceOf, passed),
  });
}

/** The counts, the four checks and the outcome for one stance per person (`undefined`: no vote). */
function countChoices(roster: Roster, rules: BallotRules, choiceOf: ReadonlyMap<string, Choice | undefined>) {
  const agree: Counter = { owners: 0, areaCenti: 0 };
  const oppose: Counter = { owners: 0, areaCenti: 0 };
  const abstain: Counter = { owners: 0, areaCenti: 0 };
  const counters: Record<Choice, Counter> = { agree, oppose, abstain };
  const absentAreas: number[] = [];
  for (const person of roster.persons) {
    const choice = choiceOf.get(person.key);
    if (choice === undefined) absentAreas.push(person.areaCenti);
    else add(counters[choice], person.areaCenti);
  }
  const totals = countTotals(roster);
  const counted = rules.abstentionParticipates ? [agree, oppose, abstain] : [agree, oppose];
  const participating: Count = Object.freeze({
    owners: counted.reduce((sum, counter) => sum + counter.owners, 0),
    areaCenti: counted.reduce((sum, counter) => sum + counter.areaCenti, 0),
  });
  const checks: TallyChecks = Object.freeze({
    participationOwners: 3 * participating.owners >= 2 * totals.owners,
    participationArea: 3 * participating.areaCenti >= 2 * totals.areaCenti,
    approvalOwners: approves(rules.matter, agree.owners, participating.owners),
    approvalArea: approves(rules.matter, agree.areaCenti, participating.areaCenti),
  });
  const passed =
    checks.participationOwners && checks.participationArea && checks.approvalOwners && checks.approvalArea;
  return { agree, oppose, abstain, participating, checks, passed, absentAreas };
}

/** Beyond this many conflicted persons the answer is "could change" without trying every way. */
const MAX_CONFLICTS_TRIED = 8;

/**
 * Whether counting some conflicted person with another of their co-owners' stances would change
 * `passed`: every combination of the stances in play is tried (at most 3^8), each a recount.
 */
function couldConflictsChange(
  roster: Roster,
  rules: BallotRules,
  standings: ReadonlyMap<string, Standing>,
  choiceOf: ReadonlyMap<string, Choice | undefined>,
  passed: boolean,
): boolean {
  const open = [...standings].filter(([, standing]) => standing.conflict);
  if (open.length === 0) return false;
  if (open.length > MAX_CONFLICTS_TRIED) return true;
  const options = open.map(([key, standing]) => ({
    key,
    choices: [...new Set(standing.finals.map((vote) => vote.choice))],
  }));
  const trial = new Map(choiceOf);
  const tryFrom = (index: number): boolean => {
    if (index === options.length) return countChoices(roster, rules, trial).passed !== passed;
    const { key, choices } = options[index]!;
    return choices.some((choice) => {
      trial.set(key, choice);
      return tryFrom(index + 1);
    });
  };
  return tryFrom(0);
}
