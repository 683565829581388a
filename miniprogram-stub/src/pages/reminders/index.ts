/**
 * My reminders: which notices WeChat may bring (a ballot about to close, publicity starting), how
 * many are left, and one big button that asks WeChat for them (`wx.requestSubscribeMessage`: each tap
 * on 允许 lets one through) and tells the server what was allowed.
 */
import { request, sentenceOf, type ReminderStanding } from '../../api';
import { TEXTS } from '../../texts';

const T = TEXTS.reminders;

interface KindLine {
  readonly kind: string;
  readonly label: string;
  readonly left: string;
}

function linesOf(reminders: readonly ReminderStanding[]): KindLine[] {
  return reminders.map((r) => ({
    kind: r.kind,
    label: T.kinds[r.kind] ?? r.kind,
    left: r.templateId === undefined ? T.unavailable : T.left(r.remaining),
  }));
}

/** Asks WeChat for `tmplIds`; what the resident answered for each (`accept`, `reject`…). */
function askWechat(tmplIds: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (answer) => {
        const results: Record<string, string> = {};
        for (const id of tmplIds) {
          const said = (answer as unknown as Record<string, unknown>)[id];
          if (typeof said === 'string') results[id] = said;
        }
        resolve(results);
      },
      fail: (failure) => reject(new Error(failure.errMsg)),
    });
  });
}

Component({
  data: {
    T,
    loading: TEXTS.loading,
    busy: false,
    ready: false,
    error: '',
    said: '',
    kinds: [] as KindLine[],
    templates: [] as string[],
    offered: false,
    anyLeft: false,
  },
  methods: {
    show(reminders: readonly ReminderStanding[]) {
      const templates: string[] = [];
      for (const r of reminders) if (r.templateId !== undefined) templates.push(r.templateId);
      this.setData({
        ready: true,
        kinds: linesOf(reminders),
        templates,
        offered: templates.length > 0,
        anyLeft: reminders.some((r) => r.remaining > 0),
      });
    },
    async onLoad() {
      this.setData({ busy: true, error: '' });
      try {
        this.show((await request<{ reminders: ReminderStanding[] }>('GET', '/me/reminders')).reminders);
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async allow() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '', said: '' });
      try {
        const results = await askWechat(this.data.templates);
        const answer = await request<{ reminders: ReminderStanding[] }>('POST', '/me/reminders', { results });
        this.show(answer.reminders);
        const accepted = Object.values(results).includes('accept');
        this.setData({ said: accepted ? T.done : T.refused });
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
