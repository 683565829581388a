/**
 * File an objection, one step per screen: what it is about (ventilation, daylight, passage, other),
 * the details in the resident's words, a confirmation that it goes in their own name; then its
 * reference and whether it counts (only an objection filed during publicity does).
 */
import { newIdempotencyKey, request, sentenceOf, type ObjectionAnswer } from '../../api';
import { TEXTS } from '../../texts';

const T = TEXTS.objection;

Component({
  data: {
    T,
    G: T.grounds,
    busy: false,
    error: '',
    unitId: '',
    step: 'ground',
    ground: '',
    summary: '',
    confirm: '',
    key: '',
    reference: '',
    effective: false,
    reasons: [] as string[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ unitId: query.unitId ?? '' });
    },
    chooseGround(event: WechatMiniprogram.TouchEvent) {
      this.setData({ ground: String(event.currentTarget.dataset.ground ?? ''), step: 'details', error: '' });
    },
    onSummaryInput(event: WechatMiniprogram.Input) {
      this.setData({ summary: event.detail.value });
    },
    toConfirm() {
      if (this.data.summary.trim() === '') {
        this.setData({ error: T.detailsEmpty });
        return;
      }
      this.setData({
        step: 'confirm',
        error: '',
        confirm: T.confirm(T.grounds[this.data.ground] ?? this.data.ground),
        key: newIdempotencyKey(),
      });
    },
    change() {
      this.setData({ step: 'ground', error: '' });
    },
    async submit() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const filed = await request<ObjectionAnswer>(
          'POST',
          `/units/${this.data.unitId}/my-objections`,
          { ground: this.data.ground, summary: this.data.summary.trim() },
          { idempotencyKey: this.data.key },
        );
        this.setData({
          step: 'filed',
          reference: filed.reference,
          effective: filed.effective,
          reasons: filed.ineffectiveReasons.map((reason) => T.reasons[reason] ?? reason),
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
