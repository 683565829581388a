import { types } from 'wechaty-puppet';
import type { mock } from 'wechaty-puppet-mock';
import type { DemoResident } from './estate.js';

/** The demo's mock WeChat world of this process: one contact per person and the unit group. */
export interface DemoWorld {
  /** The unit group (room) id. */
  readonly groupId: string;
  /** The bot's own (logged-in) contact, a member of the group. */
  readonly botContactId: string;
  /** Each person's contact id, by the person's stable key. */
  readonly contactIds: ReadonlyMap<string, string>;
}

/**
 * Creates the demo's contacts and unit group in the mock puppet's in-memory world: one contact per
 * person (co-owners each their own), and a group named `topic` holding all of them plus the bot's
 * logged-in contact. The group's owner is the applicant representative, who set it up; the
 * committee member is an admin beside them. Called on every start: the mock world does not survive
 * the process, so the ids are new each time.
 */
export function createDemoWorld(
  mocker: mock.Mocker,
  topic: string,
  people: readonly DemoResident[],
): DemoWorld {
  const puppet = mocker.puppet;
  if (!puppet.isLoggedIn) throw new Error('demo: the mock puppet has no logged-in user to join the group');
  const botContactId = puppet.currentUserId;

  const contactIds = new Map<string, string>();
  for (const person of people) {
    const contact = mocker.createContact({
      name: person.name,
      alias: person.room === undefined ? `居委会 ${person.name}` : `${person.room} ${person.name}`,
      gender: person.gender === 'female' ? types.ContactGender.Female : types.ContactGender.Male,
      phone: [person.phone],
      friend: true,
      province: '浙江',
      city: '杭州',
      address: '',
      avatar: '',
      signature: '',
      type: types.Contact.Individual,
    });
    contactIds.set(person.key, contact.id);
  }

  const idsWith = (role: DemoResident['roles'][number]) =>
    people.filter((person) => person.roles.includes(role)).map((person) => contactIds.get(person.key)!);
  const [applicantId] = idsWith('applicant_representative');
  const group = mocker.createRoom({
    topic,
    memberIdList: [botContactId, ...contactIds.values()],
    ...(applicantId === undefined ? {} : { ownerId: applicantId }),
    adminIdList: [...idsWith('applicant_representative'), ...idsWith('committee_member')],
    avatar: '',
  });
  return { groupId: group.id, botContactId, contactIds };
}
