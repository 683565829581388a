/**
 * Progress: the live count, the four legal checks (two thirds of owners and of area take part; three
 * quarters of those agree, by owners and by area) and how many households and square metres are
 * still missing.
 */
import { request, sentenceOf, type Tally } from '../../api';
import { TEXTS } from '../../texts';

const T = TEXTS.progress;
const CHECKS = ['participationOwners', 'participationArea', 'approvalOwners', 'approvalArea'] as const;

interface CheckLine {
  readonly key: string;
  readonly label: string;
  readonly met: boolean;
  readonly mark: string;
}

Component({
  data: {
    T,
    loading: TEXTS.loading,
    busy: false,
    error: '',
    ready: false,
    counts: '',
    participating: '',
    checks: [] as CheckLine[],
    missing: '',
    verdict: '',
    final: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ busy: true, error: '' });
      try {
        const tally = await request<Tally>('GET', `/ballots/${query.ballotId ?? ''}/tally`);
        this.setData({
          ready: true,
          counts: T.counts(tally.agree.owners, tally.oppose.owners, tally.abstain.owners),
          participating: T.participating(tally.participating.owners, tally.totals.owners),
          checks: CHECKS.map((key) => {
            const met = tally.checks[key] === true;
            return { key, label: T.checks[key] ?? key, met, mark: met ? T.met : T.unmet };
          }),
          missing: !tally.missing.possible
            ? T.impossible
            : tally.missing.owners > 0 || tally.missing.area !== '0.00'
              ? T.missing(tally.missing.owners, tally.missing.area)
              : T.missingNone,
          verdict: tally.passed ? T.passed : T.notPassed,
          final: tally.final ? T.final : '',
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
