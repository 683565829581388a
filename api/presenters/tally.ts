import { formatArea, type BallotRules, type Count, type Tally } from '../../domain/vote/index.js';

/** A head and area count as shown: `{ owners: 12, area: "870.50" }`. */
export interface CountView {
  owners: number;
  area: string;
}

/** Shows a count with its area in square metres, two places, exactly as the tally used it. */
export function presentCount(count: Count): CountView {
  return { owners: count.owners, area: formatArea(count.areaCenti) };
}

/** One threshold as shown: `fraction` of `of`, reached `at_least` (boundary passes) or `more_than`. */
export interface ThresholdView {
  fraction: string;
  comparison: 'at_least' | 'more_than';
  of: 'total' | 'participating';
  source: string;
}

/** The rules frozen when the ballot opened, with the thresholds they imply (domain.md §2). */
export function presentRules(rules: BallotRules) {
  const approval: ThresholdView =
    rules.matter === 'major'
      ? {
          fraction: '3/4',
          comparison: 'at_least',
          of: 'participating',
          source: 'Civil Code art. 278 para. 2 (四分之三以上; art. 1259: 以上 includes the boundary)',
        }
      : {
          fraction: '1/2',
          comparison: 'more_than',
          of: 'participating',
          source: 'Civil Code art. 278 para. 2 (过半数: exactly half fails)',
        };
  const participation: ThresholdView = {
    fraction: '2/3',
    comparison: 'at_least',
    of: 'total',
    source: 'Civil Code art. 278 para. 2 (三分之二以上)',
  };
  return {
    matter: rules.matter,
    abstentionParticipates: rules.abstentionParticipates,
    onCoOwnerConflict: rules.onCoOwnerConflict,
    thresholds: { participation, approval },
  };
}

/**
 * Shows a tally: the four checks, the five counts, what is still missing (area in m²) and the person
 * keys in conflict. `rules` are the ballot's frozen rules.
 */
export function presentTally(tally: Tally, rules: BallotRules) {
  return {
    passed: tally.passed,
    totals: presentCount(tally.totals),
    participating: presentCount(tally.participating),
    agree: presentCount(tally.agree),
    oppose: presentCount(tally.oppose),
    abstain: presentCount(tally.abstain),
    checks: { ...tally.checks },
    missing: {
      possible: tally.missing.possible,
      owners: tally.missing.owners,
      area: formatArea(tally.missing.areaCenti),
    },
    conflicts: [...tally.conflicts],
    // Tallies frozen before this was kept: any open conflict may matter.
    conflictsCouldChange: tally.conflictsCouldChange ?? tally.conflicts.length > 0,
    rules: presentRules(rules),
  };
}
