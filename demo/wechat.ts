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

/** The demo unit group's room id: the same on every start (see {@link createDemoWorld}). */
export const DEMO_GROUP_ID = 'jiati-demo-unit-group@chatroom';

/** A demo person's contact id, derived from their stable key: the same on every start. */
export function demoContactId(key: string): string {
  return `wxid_jiati_demo_${key}`;
}

/** How the person shows in the group: room and name, or what they are to the unit. */
function aliasOf(person: DemoResident): string {
  if (person.room !== undefined) return `${person.room} ${person.name}`;
  if (person.roles.includes('committee_member')) return `居委会 ${person.name}`;
  return `租户 ${person.name}`;
}

/**
 * Creates the demo's contacts and unit group in the mock puppet's in-memory world: one contact per
 * person (co-owners each their own), and a group named `topic` holding all of them plus the bot's
 * logged-in contact. The group's owner is the applicant representative, who set it up; the
 * committee member is an admin beside them. Called on every start: the mock world does not survive
 * the process, but the ids are fixed (the mock puppet takes an `id` in the payload), so households
 * bound, votes cast and roles recorded on an earlier start keep pointing at the same people.
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
      id: demoContactId(person.key),
      name: person.name,
      alias: aliasOf(person),
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
    id: DEMO_GROUP_ID,
    topic,
    memberIdList: [botContactId, ...contactIds.values()],
    ...(applicantId === undefined ? {} : { ownerId: applicantId }),
    adminIdList: [...idsWith('applicant_representative'), ...idsWith('committee_member')],
    avatar: '',
  });
  return { groupId: group.id, botContactId, contactIds };
}

/**
 * Makes the mock contact `contactId` say `text` in the demo's unit group or privately to the bot:
 * the mock puppet delivers it to Wechaty as WeChat would, so the real bot path answers it.
 */
export function speakAs(mocker: mock.Mocker, contactId: string, where: 'group' | 'bot', text: string): void {
  mocker.ContactMock.load(contactId)
    .say(text)
    .to(
      where === 'group'
        ? mocker.RoomMock.load(DEMO_GROUP_ID)
        : mocker.ContactMock.load(mocker.puppet.currentUserId),
    );
}
