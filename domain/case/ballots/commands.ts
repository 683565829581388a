/**
 * The commands of the unit's ballots (Civil Code art. 278; domain.md §2): opening one with its frozen
 * roster and rules, votes by every channel, closing and cancelling.
 */
import type { BallotRules, Choice, Matter } from '../../vote/types.js';

/**
 * What a ballot decides. `elevator` is the project vote itself (major; passing it moves the case to the
 * agreement); the others are the unit's later decisions (repair funds — using them is ordinary, item 5,
 * raising them major, item 6; the maintainer or manager, item 4; the 使用单位) and never move the stage.
 */
export const BALLOT_PURPOSES = ['elevator', 'repair_funds', 'maintainer', 'user_unit', 'other'] as const;
export type BallotPurpose = (typeof BALLOT_PURPOSES)[number];

/** How a vote reached the case (domain.md §2): chat, mini-program, paper entered by the committee, proxy, in person. */
/** The channels a vote arrives through; the committee enters {@link ENTERED_VOTE_CHANNELS} itself. */
export const ENTERED_VOTE_CHANNELS = ['paper', 'proxy', 'in_person', 'statement'] as const;
export type VoteChannel = 'wechat' | 'miniprogram' | (typeof ENTERED_VOTE_CHANNELS)[number];

/** The configurable counting rules of a ballot (domain.md §2); the matter comes from the command. */
export type BallotRuleOptions = Partial<Omit<BallotRules, 'matter'>>;

/** The data of each ballot command, by command type. */
export interface BallotCommandData {
  /**
   * Opens a ballot and freezes its roster and rules (domain.md §2). `minimumOpenDays` defaults to 5
   * (configurable); `planVersion` defaults to the current plan for the elevator ballot.
   */
  OpenBallot: {
    readonly ballotId: string;
    readonly title: string;
    readonly matter: Matter;
    readonly purpose: BallotPurpose;
    readonly closesAt?: Date;
    readonly planVersion?: number;
    readonly rules?: BallotRuleOptions;
    readonly minimumOpenDays?: number;
  };
  /** Records one vote for one room; a later vote for the room replaces it in the tally (domain.md §2). */
  CastVote: {
    readonly ballotId: string;
    readonly room: string;
    readonly choice: Choice;
    readonly channel: VoteChannel;
    /** The paper ballot's reference (required on `paper`). */
    readonly reference?: string;
    /** Who cast it: a bound contact, a proxy, the committee member entering paper. */
    readonly voterId?: string;
    /** The owner (or room) a proxy acts for (required on `proxy`). */
    readonly proxyFor?: string;
    /** The chat message id and its verbatim text (required on `wechat`). */
    readonly messageId?: string;
    readonly text?: string;
  };
  /**
   * Closes a ballot and freezes its result. `late`, when given, is the scheduler's verdict (picked up
   * past its grace period after `closesAt`: the server was down). Without it, a close more than
   * `graceMs` (default 0) after `closesAt` is late: a committee member who closes by hand as the
   * ballot ends gets the same grace as the scheduler (`JIATI_DEADLINE_GRACE_MS`), and a close right
   * at `closesAt` is never late.
   */
  CloseBallot: { readonly ballotId: string; readonly late?: boolean; readonly graceMs?: number };
  /** Cancels an open ballot (a wrong roster, a withdrawn plan); its votes are kept but never counted. */
  CancelBallot: { readonly ballotId: string; readonly reason: string };
}
