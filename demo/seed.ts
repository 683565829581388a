import type { mock } from 'wechaty-puppet-mock';
import { announceEnteredVote } from '../commands/announce.js';
import { issueGroupCode } from '../commands/bind-group.js';
import { bindHousehold } from '../commands/bind-household.js';
import { loadCase, type LoadedCase } from '../commands/kernel/read.js';
import { castChatVote } from '../commands/cast-chat-vote.js';
import { castVote } from '../commands/cast-vote.js';
import type { CommandContext, ContactDirectory } from '../commands/kernel/context.js';
import { issueBindingCodes } from '../commands/issue-binding-codes.js';
import { openBallot } from '../commands/open-ballot.js';
import { recordContactRole } from '../commands/record-contact-role.js';
import { publishPlan } from '../commands/publish-plan.js';
import { registerUnit } from '../commands/register-unit.js';
import { placeUnit } from '../commands/place-unit.js';
import { createPlace, findPlace } from '../commands/places.js';
import type { CommandMeta } from '../commands/kernel/stream-runner.js';
import type { BallotState, ContactRole } from '../domain/case/index.js';
import type { BindingCodeDoc } from '../models/binding-code.js';
import { readContact } from '../models/contact.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import {
  DEMO_STATE_ID,
  readDemoState,
  saveDemoState,
  type DemoPerson,
  type DemoStateDoc,
} from './models/demo-state.js';
import {
  DEMO_BALLOT,
  DEMO_BOUND_KEYS,
  DEMO_COMMUNITY_ID,
  DEMO_NEIGHBOUR_COMMUNITY_ID,
  DEMO_NEIGHBOUR_UNIT,
  DEMO_PLACES,
  DEMO_PEOPLE,
  DEMO_PLAN,
  DEMO_SEED_VOTES,
  DEMO_UNIT,
  DEMO_UNIT_NAME,
  type DemoResident,
} from './estate.js';
import type { DemoModels } from './models/index.js';
import { demoVoice, type DemoVoice } from './voice.js';
import { createDemoWorld, demoContactId, type DemoWorld } from './wechat.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the demo seeding needs from the running system. */
export interface DemoDeps {
  readonly commands: CommandContext;
  readonly models: DemoModels;
  readonly mocker: mock.Mocker | null;
  readonly log: Log;
  readonly clock: Clock;
}

/** What the seeding left behind: the stored demo roster, and whether this start registered the unit. */
export interface DemoSeeded {
  readonly state: DemoStateDoc;
  readonly registered: boolean;
}

/** Every demo change is recorded as made by the demo seeder through the system channel. */
function seederMeta(clock: Clock): CommandMeta {
  return { actor: { kind: 'system', id: 'demo-seed' }, channel: 'system', now: clock.now() };
}

function lastElevatorBallot(loaded: Pick<LoadedCase, 'state'>): BallotState | undefined {
  return loaded.state.ballots.filter((ballot) => ballot.purpose === 'elevator').at(-1);
}

/** The demo unit's fixed id (a valid unit id: `u_` and 16 base32 characters). */
export const DEMO_UNIT_ID = 'u_demoestateunitaa';

/** The neighbouring community's unit's fixed id. */
export const DEMO_NEIGHBOUR_UNIT_ID = 'u_demoestateunitbb';

/**
 * The demo's places ({@link DEMO_PLACES}) and the neighbouring community's unit, each created only
 * where it is missing (a restart appends nothing); the demo unit, registered before places existed
 * on an older data folder, is placed in its community.
 */
async function seedDemoPlaces(ctx: CommandContext, clock: Clock): Promise<void> {
  for (const { placeId, ...place } of DEMO_PLACES) {
    if ((await findPlace(ctx, placeId)) === null)
      await createPlace(ctx, place, seederMeta(clock), { placeId });
  }
  if ((await loadCase(ctx, DEMO_NEIGHBOUR_UNIT_ID)).state.stage === 'new') {
    await registerUnit(
      ctx,
      { ...DEMO_NEIGHBOUR_UNIT, communityId: DEMO_NEIGHBOUR_COMMUNITY_ID },
      seederMeta(clock),
      { unitId: DEMO_NEIGHBOUR_UNIT_ID },
    );
  }
}

/**
 * How the seed's people act in the chats: a mock world with its group, and the voice they speak with
 * through the real bot (so the group and the private chats open on what was said). Absent when the
 * bot is off: the seed then calls the commands itself, and nothing is said.
 */
interface DemoChat {
  readonly world: DemoWorld;
  readonly voice: DemoVoice;
}

/**
 * Binds the demo's WeChat group to its unit as a real unit's is bound: a group code issued to the
 * committee, then `绑定单元 <code>` said in the group by the applicant representative, and the bot
 * answers in the group. Once only: the group's id is the same on every start, so the case keeps the
 * binding.
 */
async function bindDemoGroup(
  ctx: CommandContext,
  unitId: string,
  chat: DemoChat,
  clock: Clock,
): Promise<LoadedCase> {
  const applicant = DEMO_PEOPLE.find((person) => person.roles.includes('applicant_representative'))!;
  const { code } = await issueGroupCode(ctx, { unitId }, seederMeta(clock));
  await chat.voice.say(chat.world.contactIds.get(applicant.key)!, 'group', `绑定单元 ${code}`);
  const loaded = await loadCase(ctx, unitId);
  if (loaded.state.groupRoomId !== chat.world.groupId) {
    throw new Error('demo: the unit group could not be bound');
  }
  return loaded;
}

/**
 * Seeds the demo estate (`npm run demo`): one fictional Hangzhou unit of 12 flats (see `estate.ts`),
 * registered through the real commands in its community, beside a neighbouring community with a unit
 * of its own (one sub-district, two communities: a committee member's token of one sees nothing of
 * the other); on the mock puppet, a contact per person and the unit's
 * WeChat group, bound to the unit by the applicant representative in the group; plan v1 published
 * (and announced in the group) and its elevator ballot open for 14 days.
 *
 * Idempotent across restarts. The unit has a fixed id ({@link DEMO_UNIT_ID}) and is reused when its
 * case exists; registering it again is refused by the case itself. Each later step runs only if the
 * case lacks it (no group yet → bind it; no plan yet → publish; no elevator ballot ever → open one),
 * so a start that died half-way is completed by the next, and a ballot that closed since is never
 * reopened. The mock world lives in memory, so it is recreated on every start, with the same contact
 * and group ids each time (see `wechat.ts`).
 *
 * Then the life the demo opens with (see {@link seedHouseholds}): binding codes issued, some
 * households bound, the committee member's and applicant representative's roles recorded, and a few
 * votes cast — each step again only where the case lacks it, so a restart appends nothing and says
 * nothing. With the bot on, the neighbours say their `绑定单元`, `绑定` and votes in the group through
 * the mock puppet and the real bot answers, one after the other (`voice.ts`): the transcript
 * recorder must be on before this runs, and the `/demo/` page opens on that conversation.
 */
export async function seedDemo(deps: DemoDeps): Promise<DemoSeeded> {
  const { commands: ctx, clock } = deps;
  const startedAt = clock.now();
  const stored = await readDemoState(deps.models.demoState);
  await seedDemoPlaces(ctx, clock);

  // The demo unit has a well-known id: a start that died between registering it and saving
  // demo_state finds it registered, and the case itself refuses a second registration.
  let found: { unitId: string; loaded: LoadedCase; seededAt: Date } | undefined;
  const existing = await loadCase(ctx, DEMO_UNIT_ID);
  if (existing.state.stage !== 'new') {
    const loaded =
      existing.state.communityId === undefined
        ? await placeUnit(ctx, { unitId: DEMO_UNIT_ID, communityId: DEMO_COMMUNITY_ID }, seederMeta(clock))
        : existing;
    found = { unitId: DEMO_UNIT_ID, loaded, seededAt: stored?.seededAt ?? startedAt };
  }
  const registered = found === undefined;
  if (found === undefined) {
    const unit = await registerUnit(
      ctx,
      { ...DEMO_UNIT, communityId: DEMO_COMMUNITY_ID },
      seederMeta(clock),
      {
        unitId: DEMO_UNIT_ID,
      },
    );
    found = { unitId: unit.unitId, loaded: unit, seededAt: startedAt };
    // Stored at once, so a start that dies from here on is completed by the next, not repeated.
    await saveDemoState(deps.models.demoState, {
      unitId: unit.unitId,
      people: roster(),
      seededAt: startedAt,
      startedAt,
    });
  }
  const { unitId, seededAt } = found;
  let { loaded } = found;

  const chat: DemoChat | undefined =
    deps.mocker === null
      ? undefined
      : {
          world: createDemoWorld(deps.mocker, DEMO_UNIT_NAME, DEMO_PEOPLE),
          voice: demoVoice({
            mocker: deps.mocker,
            commands: ctx,
            transcript: deps.models.demoMessages,
            clock,
            log: deps.log,
          }),
        };
  // The group first, so that it hears the plan announced.
  if (chat !== undefined && loaded.state.groupRoomId === undefined) {
    loaded = await bindDemoGroup(ctx, unitId, chat, clock);
  }
  if (loaded.state.plan === undefined) {
    const publish = () => publishPlan(ctx, { unitId, ...DEMO_PLAN }, seederMeta(clock));
    loaded = await (chat === undefined ? publish() : chat.voice.after(publish));
  }
  if (lastElevatorBallot(loaded) === undefined) {
    const meta = seederMeta(clock);
    loaded = await openBallot(
      ctx,
      {
        unitId,
        title: DEMO_BALLOT.title,
        matter: 'major',
        purpose: 'elevator',
        planVersion: DEMO_PLAN.planVersion,
        closesAt: new Date(meta.now.getTime() + DEMO_BALLOT.openDays * DAY_MS),
      },
      meta,
    );
  }
  loaded = await seedHouseholds(ctx, unitId, clock, chat?.voice);
  const ballotId = lastElevatorBallot(loaded)?.ballotId;
  const world = chat?.world;

  const state: DemoStateDoc = {
    _id: DEMO_STATE_ID,
    unitId,
    ...(ballotId === undefined ? {} : { ballotId }),
    people: roster(world),
    ...(world === undefined ? {} : { groupId: world.groupId, botContactId: world.botContactId }),
    seededAt,
    startedAt,
  };
  const { _id, ...fields } = state;
  await saveDemoState(deps.models.demoState, fields);

  // Ids and paths only: the logger redacts personal keys, and the message itself names nobody.
  deps.log.info(
    {
      unitId,
      ballotId,
      groupId: world?.groupId,
      households: DEMO_UNIT.flats.length,
      groupMembers: world === undefined ? 0 : world.contactIds.size + 1,
      registered,
      unitPath: `/api/v1/units/${unitId}`,
      ...(ballotId === undefined ? {} : { tallyPath: `/api/v1/ballots/${ballotId}/tally` }),
    },
    registered
      ? 'demo estate seeded: GET unitPath with the admin bearer token'
      : 'demo estate reused: GET unitPath with the admin bearer token',
  );
  return { state, registered };
}

/** The person of `key` (a typo in `estate.ts` is a bug: it throws). */
function personOf(key: string): DemoResident {
  const person = DEMO_PEOPLE.find((candidate) => candidate.key === key);
  if (person === undefined) throw new Error(`demo: no person ${key}`);
  return person;
}

/** The unit's live (unrevoked) binding code of each room. A small collection: one filter on unitId. */
export async function liveBindingCodes(ctx: CommandContext, unitId: string): Promise<Map<string, string>> {
  const codes = await ctx.models.bindingCodes
    .find({ unitId, revokedAt: { $exists: false } })
    .sort({ issuedAt: 1 })
    .lean<BindingCodeDoc[]>()
    .exec();
  return new Map(codes.map((code) => [code.room, code._id]));
}

const CHOICE_TEXT = { agree: '同意', oppose: '反对' } as const;

/** The demo's people are the contacts it knows, with or without a bot to find them. */
const DEMO_DIRECTORY: ContactDirectory = {
  knows: (contactId) =>
    Promise.resolve(DEMO_PEOPLE.some((person) => demoContactId(person.key) === contactId)),
};

/**
 * Brings the demo unit to the moment a newcomer walks in, only where the case lacks each thing:
 * issues the binding codes (once: issuing again would revoke the slips), binds
 * {@link DEMO_BOUND_KEYS} with their flat's code, records the committee member's and the applicant
 * representative's roles (so `提醒` works), and casts {@link DEMO_SEED_VOTES} on the open elevator
 * ballot for rooms that have not voted (a newcomer's later vote for a seeded room is never
 * overwritten); a paper vote is announced in the group as the API's entry announces it. With a
 * `voice`, each neighbour says `绑定 <code>` to the bot privately (a code is never said in the group)
 * and their vote in the group, and the real bot answers; without one, the same commands run as if
 * they had. Returns the case after it.
 */
async function seedHouseholds(
  ctx: CommandContext,
  unitId: string,
  clock: Clock,
  voice: DemoVoice | undefined,
): Promise<LoadedCase> {
  let codes = await liveBindingCodes(ctx, unitId);
  if (codes.size === 0) {
    await issueBindingCodes(ctx, { unitId }, seederMeta(clock));
    codes = await liveBindingCodes(ctx, unitId);
  }

  let { state } = await loadCase(ctx, unitId);
  for (const key of DEMO_BOUND_KEYS) {
    const person = personOf(key);
    const contactId = demoContactId(key);
    const code = person.room === undefined ? undefined : codes.get(person.room);
    if (code === undefined) continue;
    if (state.households.some((binding) => binding.contactId === contactId)) continue;
    if (voice === undefined) {
      await bindHousehold(ctx, { contactId, code }, { now: clock.now() });
      continue;
    }
    await voice.say(contactId, 'bot', `绑定 ${code}`);
    state = (await loadCase(ctx, unitId)).state;
    if (!state.households.some((binding) => binding.contactId === contactId)) {
      throw new Error('demo: a seeded household was not bound by the bot');
    }
  }

  const roles: [DemoResident['roles'][number], ContactRole][] = [
    ['committee_member', 'committee'],
    ['applicant_representative', 'applicant'],
  ];
  for (const [demoRole, role] of roles) {
    for (const person of DEMO_PEOPLE.filter((candidate) => candidate.roles.includes(demoRole))) {
      const contactId = demoContactId(person.key);
      const contact = await readContact(ctx.models.contacts, contactId);
      if ((contact?.roles ?? []).some((held) => held.unitId === unitId && held.role === role)) continue;
      await recordContactRole(ctx, { unitId, contactId, role }, seederMeta(clock), {
        directory: DEMO_DIRECTORY,
      });
    }
  }

  state = (await loadCase(ctx, unitId)).state;
  const ballot = lastElevatorBallot({ state });
  if (ballot !== undefined && ballot.status === 'open') {
    for (const vote of DEMO_SEED_VOTES) {
      const room = vote.channel === 'paper' ? vote.room : personOf(vote.key).room;
      if (room === undefined || ballot.votes.some((cast) => cast.room === room)) continue;
      if (vote.channel === 'paper') {
        const enter = async () => {
          const meta = { actor: { kind: 'system', id: 'demo-seed' } as const, now: clock.now() };
          const cast = await castVote(
            ctx,
            {
              ballotId: ballot.ballotId,
              room,
              choice: vote.choice,
              channel: 'paper',
              reference: vote.reference,
            },
            meta,
          );
          await announceEnteredVote(ctx, cast, 'paper', meta);
        };
        await (voice === undefined ? enter() : voice.after(enter));
      } else if (voice !== undefined) {
        await voice.say(demoContactId(vote.key), 'group', CHOICE_TEXT[vote.choice]);
      } else {
        await castChatVote(
          ctx,
          {
            contactId: demoContactId(vote.key),
            messageId: `demo-seed:${ballot.ballotId}:${vote.key}`,
            text: CHOICE_TEXT[vote.choice],
            choice: vote.choice,
            groupUnitId: unitId,
          },
          { now: clock.now() },
        );
      }
    }
  }
  return loadCase(ctx, unitId);
}

/** The demo people as stored, with this process's contact ids when there is a mock world. */
function roster(world?: DemoWorld): DemoPerson[] {
  return DEMO_PEOPLE.map((person) => {
    const contactId = world?.contactIds.get(person.key);
    return {
      key: person.key,
      roles: [...person.roles],
      name: person.name,
      ...(person.room === undefined ? {} : { room: person.room }),
      ...(contactId === undefined ? {} : { contactId }),
    };
  });
}
