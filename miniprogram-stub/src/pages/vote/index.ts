/**
 * Vote: one question on the screen and three big answers; then a confirmation that names the choice;
 * then the receipt code for each flat. It is the chat's own vote (channel `miniprogram`): the same
 * receipt, the same notice to the group. A second tap of 确认 sends the same key, so it counts once.
 */
import { newIdempotencyKey, request, sentenceOf, type BallotView, type VoteAnswer } from '../../api';
import { beijingTime } from '../../format';
import { TEXTS } from '../../texts';

const T = TEXTS.vote;

interface ReceiptLine {
  readonly room: string;
  readonly line: string;
  readonly code: string;
}

Component({
  data: {
    T,
    C: TEXTS.choices,
    loading: TEXTS.loading,
    busy: false,
    error: '',
    ballotId: '',
    question: '',
    closes: '',
    step: 'loading',
    choice: '',
    confirm: '',
    key: '',
    receipts: [] as ReceiptLine[],
    counted: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const ballotId = query.ballotId ?? '';
      this.setData({ busy: true, error: '', ballotId });
      try {
        if (ballotId === '') {
          this.setData({ step: 'none' });
          return;
        }
        const ballot = await request<BallotView>('GET', `/ballots/${ballotId}`);
        this.setData({
          question: T.question(ballot.title),
          closes: T.closes(beijingTime(ballot.closesAt)),
          step: ballot.acceptingVotes ? 'choose' : 'closed',
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    choose(event: WechatMiniprogram.TouchEvent) {
      const choice = String(event.currentTarget.dataset.choice ?? '');
      this.setData({
        choice,
        confirm: T.confirm(TEXTS.choices[choice] ?? choice),
        key: newIdempotencyKey(),
        step: 'confirm',
        error: '',
      });
    },
    change() {
      this.setData({ step: 'choose', choice: '', error: '' });
    },
    async submit() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await request<VoteAnswer>(
          'POST',
          `/ballots/${this.data.ballotId}/my-vote`,
          { choice: this.data.choice },
          { idempotencyKey: this.data.key },
        );
        this.setData({
          step: 'receipt',
          receipts: answer.votes.map((vote) => ({
            room: vote.room,
            line: T.receiptRoom(vote.room, TEXTS.choices[vote.counts] ?? vote.counts),
            code: vote.receipt.code,
          })),
          counted: T.counted(answer.tally.participating.owners),
        });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
