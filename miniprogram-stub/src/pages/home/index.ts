/**
 * Home: my unit — where it stands, what happens next and when, and one big button for each thing a
 * resident can do (every other page is one tap from here).
 */
import {
  ApiError,
  forgetSession,
  myFlats,
  request,
  sentenceOf,
  session,
  type Milestone,
  type UnitView,
} from '../../api';
import { beijingDay, beijingTime } from '../../format';
import { open, restart } from '../../nav';
import { TEXTS } from '../../texts';

const T = TEXTS.home;

/** How many of the case's latest steps home shows. */
const HISTORY_LINES = 5;

function nextStep(unit: UnitView): string {
  const ballot = unit.ballots.find((b) => b.status === 'open');
  if (ballot !== undefined) return TEXTS.votingBy(beijingTime(ballot.closesAt));
  return TEXTS.next[unit.stage] ?? TEXTS.next.other ?? '';
}

Component({
  data: {
    T,
    loading: TEXTS.loading,
    busy: false,
    error: '',
    unitId: '',
    unitName: '',
    rooms: '',
    stage: '',
    next: '',
    openBallotId: '',
    lastBallotId: '',
    history: [] as { key: number; day: string; line: string }[],
  },
  methods: {
    async onLoad() {
      if (session() === '') {
        restart('signIn');
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const flats = await myFlats();
        const first = flats[0];
        if (first === undefined) {
          restart('signIn');
          return;
        }
        const [unit, milestones] = await Promise.all([
          request<UnitView>('GET', `/units/${first.unitId}`),
          request<{ items: Milestone[] }>('GET', `/units/${first.unitId}/milestones`),
        ]);
        const rooms = flats.filter((f) => f.unitId === first.unitId).map((f) => f.room);
        const open = unit.ballots.find((b) => b.status === 'open');
        const last = unit.ballots[unit.ballots.length - 1];
        this.setData({
          unitId: unit.id,
          unitName: unit.name,
          rooms: T.myRoom(rooms.join('、')),
          stage: TEXTS.stages[unit.stage] ?? unit.stage,
          next: nextStep(unit),
          openBallotId: open?.id ?? '',
          lastBallotId: last?.id ?? '',
          history: milestones.items
            .slice(-HISTORY_LINES)
            .reverse()
            .map((m) => ({ key: m.seq, day: beijingDay(m.at), line: m.line })),
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          restart('signIn');
          return;
        }
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onShow() {
      // Back from a vote or an objection: read again, so the stage and next step are current.
      if (this.data.unitId !== '') void this.onLoad();
    },
    toShare() {
      open('share', { unitId: this.data.unitId });
    },
    toVote() {
      open('vote', { ballotId: this.data.openBallotId });
    },
    toReminders() {
      open('reminders');
    },
    toCosts() {
      open('costs');
    },
    toProgress() {
      open('progress', { ballotId: this.data.lastBallotId });
    },
    toObjection() {
      open('objection', { unitId: this.data.unitId });
    },
    async signOut() {
      this.setData({ busy: true });
      try {
        await request('DELETE', '/me/session');
      } catch {
        // Signed out on this phone either way.
      }
      forgetSession();
      this.setData({ busy: false });
      restart('signIn');
    },
  },
});
