/**
 * The plan and my share: the latest plan's total, subsidy and what is shared, then what each of my
 * flats pays (or receives) and how that amount was worked out — numbers to check against paper.
 */
import { request, sentenceOf, type PlanView, type Share, type UnitView } from '../../api';
import { permille, yuan } from '../../format';
import { TEXTS } from '../../texts';

const T = TEXTS.share;

interface ShareLine {
  readonly room: string;
  readonly pay: string;
  /** How it moved from the version before (empty for the first version). */
  readonly change: string;
  readonly receive: string;
  readonly exempt: boolean;
  readonly terms: readonly string[];
}

/**
 * The plan in force and the version before it: the last two the unit published. `GET
 * /units/:unitId/plans` pages the versions oldest first (`{ items, nextCursor }`).
 */
async function latestPlans(unitId: string): Promise<{ latest?: PlanView; previous?: PlanView }> {
  const last: PlanView[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page: { items: readonly PlanView[]; nextCursor: string | null } = await request(
      'GET',
      `/units/${unitId}/plans?limit=200${after}`,
    );
    for (const plan of page.items) {
      last.push(plan);
      if (last.length > 2) last.shift();
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  const latest = last[last.length - 1];
  const previous = last.length === 2 ? last[0] : undefined;
  return { ...(latest === undefined ? {} : { latest }), ...(previous === undefined ? {} : { previous }) };
}

/** How `room`'s amount moved from `previous` to `now` (fen), in words; '' without a version before. */
function changeOf(room: string, now: number, previous: PlanView | undefined): string {
  // No version before, or one without a cost split: nothing to compare with.
  if (previous === undefined || (previous.shares ?? []).length === 0) return '';
  const before = (previous.shares ?? []).find((share) => share.room === room);
  if (before === undefined) return T.newShare(previous.version);
  const delta = now - before.payFen;
  if (delta === 0) return T.sameShare(previous.version);
  return delta > 0 ? T.moreShare(previous.version, yuan(delta)) : T.lessShare(previous.version, yuan(-delta));
}

function areaOf(centi: number | undefined): string {
  return centi === undefined ? '' : (centi / 100).toFixed(2);
}

/** The sentences that explain one flat's amount, from the terms the API gives. */
function termsOf(share: Share): string[] {
  const terms = share.terms;
  const lines: string[] = [];
  if (terms.scheme === 'floor_coefficient')
    lines.push(T.floorTerms(share.floor, permille(terms.coefficientPermille ?? 0), areaOf(terms.areaCenti)));
  else if (terms.scheme === 'area') lines.push(T.areaTerms(areaOf(terms.areaCenti)));
  else if (terms.scheme === 'fixed_per_floor') lines.push(T.fixedFloorTerms(share.floor));
  else lines.push(T.explicitTerms);
  if (terms.weight !== undefined && terms.totalWeight !== undefined && terms.weight > 0) {
    const scale = terms.weightScale ?? 1;
    lines.push(T.weightTerms(String(terms.weight / scale), String(terms.totalWeight / scale)));
  }
  return lines;
}

Component({
  data: {
    T,
    loading: TEXTS.loading,
    busy: false,
    error: '',
    empty: false,
    plan: '',
    summary: '',
    total: '',
    subsidy: '',
    shared: '',
    mine: [] as ShareLine[],
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const unitId = query.unitId ?? '';
      this.setData({ busy: true, error: '' });
      try {
        const [unit, plans] = await Promise.all([
          request<UnitView>('GET', `/units/${unitId}`),
          latestPlans(unitId),
        ]);
        const plan = plans.latest;
        if (plan === undefined) {
          this.setData({ empty: true });
          return;
        }
        const rooms = unit.flats.filter((flat) => flat.mine === true).map((flat) => flat.room);
        const mine = (plan.shares ?? [])
          .filter((share) => rooms.includes(share.room))
          .map((share) => ({
            room: share.room,
            pay: `${T.mine(share.room)}：${yuan(share.payFen)}`,
            change: changeOf(share.room, share.payFen, plans.previous),
            receive: share.receiveFen > 0 ? `${T.receive(share.room)}：${yuan(share.receiveFen)}` : '',
            exempt: share.payFen === 0,
            terms: termsOf(share),
          }));
        this.setData({
          plan: T.plan(plan.version, plan.title),
          summary: plan.summary ?? '',
          total: plan.cost ? yuan(plan.cost.totalCostFen) : '',
          subsidy: plan.cost ? yuan(plan.cost.subsidyFen) : '',
          shared: plan.cost ? yuan(plan.cost.amountSharedFen) : '',
          mine,
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
