/** Moved to `lib/format-time.ts`, so that commands can show times too (result announcements). */
export { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
