import { z } from 'zod';
import { MEDIATION_LEVELS, OBJECTION_GROUNDS, STAGES } from '../../../domain/case/index.js';
import { DEADLINE_KINDS } from '../../../domain/dashboard/index.js';
import { named } from '../../openapi/registry.js';
import { PlaceId } from '../places/schema.js';
import { Day, Instant } from '../views.js';

/** `GET /dashboard?communityId=&subdistrictId=`: narrows the dashboard to a place within the caller's scope. */
export const DashboardQuery = z.object({
  communityId: PlaceId.optional(),
  subdistrictId: PlaceId.optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const Stage = z.enum(STAGES);
const Level = z.enum(MEDIATION_LEVELS);
const Count = z.number().int().min(0);
const UnitRef = { unitId: z.string(), name: z.string().optional() };

/** One community's block of the dashboard. */
export const CommunityBlockView = named(
  'CommunityBlock',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    subdistrict: z.strictObject({ id: z.string(), name: z.string() }).optional(),
    units: Count,
    /** The block in one plain-Chinese line. */
    summary: z.string(),
    byStage: z.array(z.strictObject({ stage: Stage, label: z.string(), count: Count })),
    stalled: z.array(
      z.strictObject({
        ...UnitRef,
        stage: Stage,
        stageLabel: z.string(),
        lastEventOn: Day,
        days: Count,
        label: z.string(),
      }),
    ),
    disputes: z.array(
      z.strictObject({
        ...UnitRef,
        objectionId: z.string(),
        ground: z.enum(OBJECTION_GROUNDS),
        groundLabel: z.string(),
        filedAt: Instant,
        filedOn: Day,
        level: Level.optional(),
        levelLabel: z.string(),
        steps: Count,
        next: z.array(Level),
        nextLabel: z.string(),
        care: z.boolean(),
      }),
    ),
    deadlines: z.array(
      z.strictObject({
        ...UnitRef,
        kind: z.enum(DEADLINE_KINDS),
        label: z.string(),
        dueAt: Instant,
        dueOn: Day,
        dueLabel: z.string(),
        provisional: z.boolean(),
        ref: z.string().optional(),
      }),
    ),
  }),
);

/** `GET /dashboard`: the communities' blocks and, for the officers above them, the funnel. */
export const DashboardView = named(
  'Dashboard',
  z.strictObject({
    asOf: Instant,
    today: Day,
    stalledAfterDays: Count,
    deadlineWindowDays: Count,
    communities: z.array(CommunityBlockView),
    funnel: z
      .strictObject({
        cases: Count,
        stages: z.array(
          z.strictObject({
            stage: Stage,
            label: z.string(),
            reached: Count,
            current: Count,
            left: Count,
            medianDays: z.number().min(0).nullable(),
          }),
        ),
      })
      .optional(),
  }),
);
