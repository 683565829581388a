/** Where each page sits: every page is one tap from home, and sign-in replaces the stack. */
export const PAGES = {
  home: '/pages/home/index',
  signIn: '/pages/sign-in/index',
  share: '/pages/share/index',
  vote: '/pages/vote/index',
  progress: '/pages/progress/index',
  objection: '/pages/objection/index',
  reminders: '/pages/reminders/index',
  costs: '/pages/costs/index',
} as const;

/** Opens a page one level above home, with its query. */
export function open(page: keyof typeof PAGES, query: Record<string, string> = {}): void {
  const pairs = Object.keys(query).map((key) => `${key}=${encodeURIComponent(query[key] ?? '')}`);
  wx.navigateTo({ url: pairs.length === 0 ? PAGES[page] : `${PAGES[page]}?${pairs.join('&')}` });
}

/** Starts over at a page: after signing in (home) or when the session has ended (sign-in). */
export function restart(page: 'home' | 'signIn'): void {
  wx.reLaunch({ url: PAGES[page] });
}
