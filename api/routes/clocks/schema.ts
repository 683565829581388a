import { z } from 'zod';
import { KeyNumber, pagedList } from '../../pagination.js';
import { UnitParams } from '../units/schema.js';

const Days = (max: number) => z.number().int().min(1).max(max);
const Steps = z
  .object({
    negotiation: Days(120),
    committee: Days(120),
    subdistrict: Days(120),
    hearing: Days(120),
  })
  .partial()
  .strict();

/** `PATCH /units/:unitId/clock-settings`: any part of the settings; what is left out stays. */
export const ChangeClockSettingsBody = z
  .object({
    ballotReminderDays: z.array(Days(365)).max(10),
    remindDayBeforeClose: z.boolean(),
    noticeTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is a time of day as HH:MM (e.g. "10:00")'),
    publicityDays: Days(90),
    quorumStallDays: Days(365),
    objectionAnswerWorkingDays: Days(120),
    mediationStepWorkingDays: Steps,
    alertAckWorkingDays: Days(60),
    care: z
      .object({
        quorumStallDays: Days(365),
        objectionAnswerWorkingDays: Days(120),
        mediationStepWorkingDays: Steps,
        alertAckWorkingDays: Days(60),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type ChangeClockSettingsBody = z.infer<typeof ChangeClockSettingsBody>;

/** `/units/:unitId/alerts/:alertId`. */
export const AlertParams = UnitParams.extend({ alertId: z.string().max(32) });

/** `POST /units/:unitId/alerts/:alertId/ack`: who acknowledges (default: the API caller). */
export const AcknowledgeAlertBody = z.object({ by: z.string().trim().min(1).max(128).optional() }).strict();

/**
 * `GET /units/:unitId/alerts` pages the alerts in the order raised, by their position (from 1): an
 * alert acknowledged between two pages keeps its place (`open` says which are still open).
 */
export const AlertsList = pagedList('alerts', z.tuple([KeyNumber]));
