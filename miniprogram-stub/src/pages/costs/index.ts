/**
 * My costs: for each of my flats, after the agreement its share of the agreed plan, the subsidy taken
 * off the whole cost, what it has paid (each payment and its day) and what it still owes; before it,
 * what the plan now published proposes. Only my own flats: the server answers nothing else.
 */
import { request, sentenceOf, type FlatCosts } from '../../api';
import { yuan } from '../../format';
import { TEXTS } from '../../texts';

const T = TEXTS.costs;

interface FlatCard {
  readonly key: string;
  readonly room: string;
  readonly lines: readonly string[];
}

function cardOf(flat: FlatCosts, units: number): FlatCard {
  const where = units > 1 ? `${flat.unitName} ` : '';
  if (flat.kind === 'not_agreed') {
    return {
      key: `${flat.unitId}:${flat.room}`,
      room: T.room(where, flat.room),
      lines: [flat.proposedFen === undefined ? T.noPlan : T.proposed(yuan(flat.proposedFen))],
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
  },
  methods: {
    async onLoad() {
      this.setData({ busy: true, error: '' });
      try {
        const mine = await request<{ flats: readonly FlatCosts[] }>('GET', '/me/costs');
        const units = new Set(mine.flats.map((flat) => flat.unitId)).size;
        this.setData({
          ready: true,
          agreed: mine.flats.some((flat) => flat.kind === 'agreed'),
          flats: mine.flats.map((flat) => cardOf(flat, units)),
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
