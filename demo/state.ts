import { loadCase } from '../commands/kernel/read.js';
import type { CommandContext } from '../commands/kernel/context.js';
import { readDemoState, type DemoPerson } from './models/demo-state.js';
import type { DemoModels } from './models/index.js';
import { liveBindingCodes } from './seed.js';

/** A flat owner of the demo as the `/demo/` page lists them. */
export interface DemoResidentView {
  readonly room: string;
  readonly name: string;
  readonly contactId: string;
  /** This contact is bound to its flat (said `绑定 <code>`). */
  readonly bound: boolean;
  /** The flat has a vote on the elevator ballot (by anyone of it, in chat or on paper). */
  readonly voted: boolean;
  /** The flat's binding code, while this contact is not bound: the slip the committee hands out. */
  readonly bindingCode?: string;
  readonly applicantRepresentative?: true;
}

/** A demo person who owns no flat (a tenant) or the committee member: a name and a contact. */
export interface DemoContactView {
  readonly contactId: string;
  readonly name: string;
}

/** `GET /demo/api/state`: the unit, its ballot, and who the newcomer can speak as. */
export interface DemoStateView {
  readonly unitId: string;
  readonly unitName: string;
  readonly ballotId: string | null;
  readonly residents: readonly DemoResidentView[];
  readonly strangers: readonly DemoContactView[];
  readonly committee: readonly DemoContactView[];
}

/** The demo people of this process who have a contact (all of them once the mock world is built). */
function withContact(people: readonly DemoPerson[]): (DemoPerson & { contactId: string })[] {
  return people.filter(
    (person): person is DemoPerson & { contactId: string } => person.contactId !== undefined,
  );
}

/**
 * The demo as the page shows it, read fresh from the case on every call: `bound` from the case's
 * household bindings, `voted` from the elevator ballot's votes. The binding code of an unbound
 * resident's flat is shown on purpose — it is the public demo's stand-in for the paper slip the
 * committee hands out door to door — and only for the demo's fictional unit. Null before seeding.
 */
export async function readDemoView(ctx: CommandContext, models: DemoModels): Promise<DemoStateView | null> {
  const demo = await readDemoState(models.demoState);
  if (demo === null) return null;
  const { state } = await loadCase(ctx, demo.unitId);
  const ballot = state.ballots.find((candidate) => candidate.ballotId === demo.ballotId);
  const codes = await liveBindingCodes(ctx, demo.unitId);
  const people = withContact(demo.people);

  const residents = people
    .filter((person) => person.room !== undefined)
    .map((person): DemoResidentView => {
      const room = person.room!;
      const bound = state.households.some((binding) => binding.contactId === person.contactId);
      const code = codes.get(room);
      return {
        room,
        name: person.name,
        contactId: person.contactId,
        bound,
        voted: (ballot?.votes ?? []).some((vote) => vote.room === room),
        ...(bound || code === undefined ? {} : { bindingCode: code }),
        ...(person.roles.includes('applicant_representative')
          ? { applicantRepresentative: true as const }
          : {}),
      };
    });
  const contact = (person: DemoPerson & { contactId: string }): DemoContactView => ({
    contactId: person.contactId,
    name: person.name,
  });
  return {
    unitId: demo.unitId,
    unitName: state.unit?.name ?? '',
    ballotId: demo.ballotId ?? null,
    residents,
    strangers: people
      .filter((person) => person.room === undefined && !person.roles.includes('committee_member'))
      .map(contact),
    committee: people.filter((person) => person.roles.includes('committee_member')).map(contact),
  };
}
