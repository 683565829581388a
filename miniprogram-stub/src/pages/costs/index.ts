/**
 * My costs: for each of my flats, after the agreement its share of the agreed plan, the subsidy taken
 * off the whole cost, what it has paid (each payment and its day) and what it still owes; before it,
 * what the plan now published proposes; the subsidy's claim and, after completion acceptance, the
 * household's provident-fund withdrawal (what to bring, or where it stands). Only my own flats: the
 * server answers nothing else.
 */
import { request, sentenceOf, type Claim, type FlatCosts } from '../../api';
import { yuan } from '../../format';
import { TEXTS } from '../../texts';

const T = TEXTS.costs;

interface FlatCard {
  readonly key: string;
  readonly room: string;
  readonly lines: readonly string[];
}

function claimLine(words: (status: string, amount: string) => string, claim: Claim): string {
  return words(T.claimStatus[claim.status], claim.amountFen === undefined ? '' : yuan(claim.amountFen));
}

/** The flat's running costs once there is a bill: what it still owes, or that it is settled. */
function runningLines(flat: FlatCosts): string[] {
  const running = flat.running;
  if (running === undefined || running.billedFen === 0) return [];
  return [running.balanceFen > 0 ? T.runningOwed(yuan(running.balanceFen)) : T.runningPaid];
}

function cardOf(flat: FlatCosts, units: number): FlatCard {
  const where = units > 1 ? `${flat.unitName} ` : '';
  if (flat.kind === 'not_agreed') {
    return {
      key: `${flat.unitId}:${flat.room}`,
      room: T.room(where, flat.room),
      lines: [
        flat.proposedFen === undefined ? T.noPlan : T.proposed(yuan(flat.proposedFen)),
        ...runningLines(flat),
      ],
    };
  }
  const a = flat.account;
  const lines = [
    T.owe(yuan(a.oweFen)),
    ...(a.subsidyFen > 0 ? [T.subsidy(yuan(a.subsidyFen))] : []),
    ...(a.share.receiveFen > 0 ? [T.receive(yuan(a.share.receiveFen))] : []),
    T.paid(yuan(a.paidFen)),
    a.oweFen === 0 ? T.nothing : a.dueFen === 0 ? T.paidUp : T.due(yuan(a.dueFen)),
    ...a.payments.map((p) => T.payment(p.paidOn, yuan(p.amountFen), p.cancelled !== undefined)),
    ...(flat.subsidyClaim === undefined ? [] : [claimLine(T.subsidyClaim, flat.subsidyClaim)]),
    ...(flat.providentFund.claim !== undefined
      ? [claimLine(T.fundClaim, flat.providentFund.claim)]
      : flat.providentFund.open && a.oweFen > 0
        ? [T.fundOpen]
        : []),
    ...runningLines(flat),
  ];
  return { key: `${flat.unitId}:${a.room}`, room: T.room(where, a.room), lines };
}

Component({
  data: {
    T,
    loading: TEXTS.loading,
    busy: false,
    error: '',
    ready: false,
    agreed: false,
    flats: [] as FlatCard[],
    papers: '',
  },
  methods: {
    async onLoad() {
      this.setData({ busy: true, error: '' });
      try {
        const mine = await request<{
          flats: readonly FlatCosts[];
          providentFundPapers: readonly string[];
        }>('GET', '/me/costs');
        const units = new Set(mine.flats.map((flat) => flat.unitId)).size;
        const fundOpen = mine.flats.some(
          (flat) =>
            flat.kind === 'agreed' &&
            flat.providentFund.open &&
            // Not applied for yet, or refused and to be applied for again.
            (flat.providentFund.claim === undefined || flat.providentFund.claim.status === 'refused') &&
            flat.account.oweFen > 0,
        );
        this.setData({
          ready: true,
          agreed: mine.flats.some((flat) => flat.kind === 'agreed'),
          flats: mine.flats.map((flat) => cardOf(flat, units)),
          papers:
            fundOpen && mine.providentFundPapers.length > 0
              ? T.fundPapers(mine.providentFundPapers.join('、'))
              : '',
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
