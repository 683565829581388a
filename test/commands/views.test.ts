/**
 * `npm run views:rebuild` (commands/views.ts): every projection rebuilt from the case streams equals
 * what the live path wrote — on the demo's data, byte for byte — and a damaged projection is repaired.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { registerUnit } from '../../commands/register-unit.js';
import { rebuildViews } from '../../commands/views.js';
import type { ContactDoc } from '../../models/contact.js';
import type { System } from '../../system.js';
import { demoDbName, startDemo, type DemoSystem } from '../demo/demo-system.js';
import { flats } from '../support/units.js';

let demo: DemoSystem;
let system: System;
beforeAll(async () => {
  demo = await startDemo(demoDbName('views'));
  system = demo.system;
});
afterAll(async () => {
  await demo.stop();
});

/** Every document of the two projections as stored, raw. */
async function stored(): Promise<{ views: unknown[]; contacts: ContactDoc[] }> {
  await system.commands.cases.flushViews();
  const all = (name: 'caseViews' | 'contacts') =>
    system.models[name].collection.find({}).sort({ _id: 1 }).toArray() as Promise<unknown[]>;
  return { views: await all('caseViews'), contacts: (await all('contacts')) as ContactDoc[] };
}

describe('views:rebuild', () => {
  it("reproduces every view and contact of the demo's data byte for byte, writing nothing", async () => {
    const before = await stored();
    expect(before.views.length).toBeGreaterThan(0);
    expect(before.contacts.length).toBeGreaterThan(5);
    const report = await rebuildViews(system.commands);
    expect(report).toEqual({
      cases: before.views.length,
      viewsRewritten: 0,
      listingsRewritten: 0,
      stageChangesAdded: 0,
      contacts: before.contacts.length,
      contactsRewritten: 0,
      contactsDeleted: 0,
    });
    expect(await stored()).toEqual(before);
  });

  it('keeps a contact bound in two units as the rebuild makes it: units in id order', async () => {
    const meta = {
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      now: system.commands.clock.now(),
    } as const;
    const other = await registerUnit(system.commands, { name: '另一单元', flats: flats(2) }, meta);
    const { codes } = await issueBindingCodes(system.commands, { unitId: other.unitId }, meta);
    const someone = (await stored()).contacts.find((contact) => contact.flats.length > 0)!;
    const bound = await bindHousehold(
      system.commands,
      { contactId: someone._id, code: codes[0]!.code },
      { now: system.commands.clock.now() },
    );
    expect(bound.kind).toBe('bound');
    const contact = (await stored()).contacts.find((doc) => doc._id === someone._id)!;
    const units = contact.flats.map((flat) => flat.unitId);
    expect(new Set(units).size).toBe(2);
    expect(units).toEqual([...units].sort());

    const before = await stored();
    const report = await rebuildViews(system.commands);
    expect(
      report.viewsRewritten +
        report.listingsRewritten +
        report.stageChangesAdded +
        report.contactsRewritten +
        report.contactsDeleted,
    ).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it("repairs a view stored before views recorded their head's time, a listing without its board line and a lost stage change", async () => {
    const before = await stored();
    const [view] = before.views as { _id: string; headAt: Date }[];
    expect(view!.headAt).toBeInstanceOf(Date);
    const { models } = system;
    const all = (model: 'unitListings' | 'stageChanges') =>
      models[model].collection.find({}).sort({ _id: 1 }).toArray();
    const listings = await all('unitListings');
    const changes = await all('stageChanges');
    expect(listings.every((listing) => listing.board !== undefined)).toBe(true);
    expect(changes.length).toBe(before.views.length);
    await models.caseViews.collection.updateOne({ _id: view!._id } as never, { $unset: { headAt: 1 } });
    await models.unitListings.collection.updateOne({ _id: listings[0]!._id } as never, {
      $unset: { board: 1 },
    });
    await models.stageChanges.collection.replaceOne({ _id: changes[0]!._id } as never, {
      changes: (changes[0]!.changes as unknown[]).slice(0, -1),
    });

    const report = await rebuildViews(system.commands);
    expect(report).toMatchObject({ viewsRewritten: 1, listingsRewritten: 1, stageChangesAdded: 1 });
    const strip = (docs: unknown[]) =>
      (docs as { projectedAt?: unknown }[]).map(({ projectedAt: _at, ...rest }) => rest);
    expect(strip((await stored()).views)).toEqual(strip(before.views));
    // The listing rewritten says what it said, as of the case's last event.
    const unseq = (docs: unknown[]) => (docs as { seq?: number }[]).map(({ seq: _seq, ...rest }) => rest);
    expect(unseq(await all('unitListings'))).toEqual(unseq(listings));
    expect(await all('stageChanges')).toEqual(changes);
  });

  it('repairs a missing view, a wrong contact and a contact no case names', async () => {
    const before = await stored();
    const [view] = before.views as { _id: string }[];
    const [contact] = before.contacts;
    await system.models.caseViews.collection.deleteOne({ _id: view!._id } as never);
    await system.models.contacts.collection.replaceOne({ _id: contact!._id } as never, { flats: [] });
    await system.models.contacts.collection.insertOne({ _id: 'wxid_nobody', flats: [] } as never);

    const report = await rebuildViews(system.commands);
    expect(report).toMatchObject({ viewsRewritten: 1, contactsRewritten: 1, contactsDeleted: 1 });
    const after = await stored();
    expect(after.contacts).toEqual(before.contacts);
    const strip = (docs: unknown[]) =>
      (docs as { projectedAt?: unknown }[]).map(({ projectedAt: _at, ...rest }) => rest);
    expect(strip(after.views)).toEqual(strip(before.views));
  });
});
