import type { Wechaty } from 'wechaty';
import type { ContactDirectory } from '../commands/kernel/context.js';

/**
 * The bot's WeChat account as a {@link ContactDirectory}: whether the puppet finds a contact by id (a
 * member of a group the bot is in, or a friend). Asked through the puppet's search, which answers an
 * unknown id with nothing instead of raising a Wechaty error. `bot()` is read at each question, so the
 * directory can be made before the bot starts; no bot, or a bot not logged in: it cannot tell.
 */
export function wechatyDirectory(bot: () => Wechaty | null): ContactDirectory {
  return {
    async knows(contactId) {
      const wechaty = bot();
      if (wechaty === null || !wechaty.isLoggedIn) return undefined;
      try {
        return (await wechaty.puppet.contactSearch({ id: contactId })).includes(contactId);
      } catch {
        return undefined;
      }
    },
  };
}
