/**
 * Who is signed in: the bearer token, kept in this tab's `sessionStorage` (closing the tab signs out;
 * never `localStorage`, never a cookie), and what `GET /api/v1/me` said about it.
 */
import { reactive } from 'vue';
import type { Me } from './types';

const KEY = 'jiati.console.token';

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export const session = reactive<{ token: string | null; me: Me | null }>({ token: stored(), me: null });

/** Keeps the token (after `GET /me` accepted it) and who it is. */
export function keepSession(token: string, me: Me): void {
  sessionStorage.setItem(KEY, token);
  session.token = token;
  session.me = me;
}

/** Forgets the token: signing out, or the server no longer taking it. */
export function endSession(): void {
  sessionStorage.removeItem(KEY);
  session.token = null;
  session.me = null;
}
