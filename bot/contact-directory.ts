import type { Wechaty } from 'wechaty';
import type { ContactDirectory } from '../commands/kernel/context.js';

/**
 * The bot's WeChat account as a {@link ContactDirectory}: whether the puppet finds a contact by id (a
 * member of a group the bot is in, or a friend): the puppet has the contact's payload. `bot()` is read
 * at each question, so the directory can be made before the bot starts; no bot, or a bot not logged
 * in: it cannot tell.
 */
export function wechatyDirectory(bot: () => Wechaty | null): ContactDirectory {
  return {
    async knows(contactId) {
      const wechaty = bot();
      if (wechaty === null || !wechaty.isLoggedIn) return undefined;
      try {
        const payload = await wechaty.puppet.contactPayload(contactId);
        return payload.id === contactId;
      } catch {
        // The puppet has no payload for the id. (Its `contactSearch` would also mark the id dirty,
        // and Wechaty would then raise an error reloading it: a log line at `error` for a typo.)
        return false;
      }
    },
  };
}
