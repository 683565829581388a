/** The events of the unit's ballots (Civil Code art. 278; domain.md §2). */
import type { BallotRules, Choice, Count, Matter, RosterFlat, Tally } from '../../vote/types.js';
import type { BallotPurpose, VoteChannel } from './commands.js';

/** The data of each ballot event, by event type. */
export interface BallotEventData {
  /**
   * A ballot opened with its frozen roster, denominators and rules (domain.md §2). Votes are accepted
   * until `closesAt`; it may be closed from `closableAt` (= `closesAt`, or `earliestCloseAt` without one).
   */
  BallotOpened: {
    readonly ballotId: string;
    readonly title: string;
    readonly matter: Matter;
    readonly purpose: BallotPurpose;
    readonly planVersion?: number;
    readonly rules: BallotRules;
    readonly roster: readonly RosterFlat[];
    readonly denominators: Count;
    readonly opensAt: string;
    readonly closesAt?: string;
    readonly minimumOpenDays: number;
    readonly earliestCloseAt: string;
  };
  /** A vote was recorded; the latest vote of a room (per the rules) counts. */
  VoteCast: {
    readonly ballotId: string;
    readonly room: string;
    readonly choice: Choice;
    readonly channel: VoteChannel;
    readonly castAt: string;
    readonly reference?: string;
    readonly voterId?: string;
    readonly proxyFor?: string;
    readonly messageId?: string;
    readonly text?: string;
  };
  /** A ballot closed with its final tally; `late` when it closed after its `closesAt`. */
  BallotClosed: {
    readonly ballotId: string;
    readonly closedAt: string;
    readonly late: boolean;
    readonly result: Tally;
  };
  /** A ballot was cancelled before closing; its votes are never counted. */
  BallotCancelled: { readonly ballotId: string; readonly cancelledAt: string; readonly reason: string };
}
