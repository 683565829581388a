/**
 * `POST /units/:unitId/binding-codes.pdf`: the slips the committee prints and hands out door to door,
 * over real HTTP on the real database. It issues fresh codes exactly as `POST
 * /units/:unitId/binding-codes` does — the earlier ones stop binding — and answers with one slip per
 * flat, eight to an A4 sheet, never cached. Each code read off the printed slip binds its flat through
 * the real binding command, and each slip's QR code, read from the rendered page, holds exactly what
 * the resident sends the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import decodeQR from '@paulmillr/qr/decode.js';
import { bindHousehold } from '../../commands/bind-household.js';
import { A4 } from '../../api/documents/pdf.js';
import { SLIPS_ACROSS, SLIPS_DOWN } from '../../api/documents/binding-slips.js';
import { expectError } from '../support/api-helpers.js';
import { crop, embeddedFonts, readPdf, renderPdfPage } from '../support/documents.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';

let api: TestApi;
let unitId: string;
let committee: string;
let applicant: string;
/** The codes issued before the slips (as JSON). */
let oldCodes: { room: string; code: string }[];
let slips: { room: string; code: string }[];
let bytes: Buffer;

const ROOMS = taggedFlats(10, '甲', '1391111').map((flat) => flat.room);

beforeAll(async () => {
  api = await startTestApi();
  const districtId = await createPlace(api, 'district', '甲区');
  const subdistrictId = await createPlace(api, 'subdistrict', '甲街道', districtId);
  const communityId = await createPlace(api, 'community', '甲社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '演示新村 12幢2单元', taggedFlats(10, '甲', '1391111'));
  committee = (
    await issueToken(api, {
      name: '居委会',
      role: 'committee',
      scope: { kind: 'community', id: communityId },
    })
  ).secret;
  applicant = (
    await issueToken(api, { name: '代表', role: 'applicant', scope: { kind: 'unit', id: unitId } })
  ).secret;
  oldCodes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes;
});

afterAll(async () => {
  await api?.close();
});

describe('POST /api/v1/units/:unitId/binding-codes.pdf', () => {
  it('is the committee’s: the applicant representative is refused (403), and nothing is issued', async () => {
    expectError(
      await api.post(`/api/v1/units/${unitId}/binding-codes.pdf`, {}, { token: applicant }),
      403,
      'forbidden',
    );
    const stillLive = await bindHousehold(
      api.system.commands,
      { contactId: 'wx-early', code: oldCodes[0]!.code },
      { now: api.clock.now() },
    );
    expect(stillLive).toMatchObject({ kind: 'bound', room: oldCodes[0]!.room });
  });

  it('issues fresh codes and answers with one slip per flat, eight to a sheet, never cached', async () => {
    const reply = await api.post(`/api/v1/units/${unitId}/binding-codes.pdf`, {}, { token: committee });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('content-disposition')).toMatch(/^attachment; filename="binding-slips\.pdf"/);
    bytes = reply.bytes!;
    const { pages, text } = await readPdf(bytes);
    expect(pages).toHaveLength(2);
    // Each slip, in drawing order: its room, then its code in the how-to line.
    slips = [...text.matchAll(/房号：(\S+)[\s\S]*?绑定 ([0-9A-Z]{8})/g)].map((m) => ({
      room: m[1]!,
      code: m[2]!,
    }));
    expect(slips.map((slip) => slip.room)).toEqual(ROOMS);
    expect(pages.map((page) => (page.match(/房号：/g) ?? []).length)).toEqual([8, 2]);
    expect(new Set(slips.map((slip) => slip.code)).size).toBe(10);
    for (const slip of slips) expect(oldCodes.map((c) => c.code)).not.toContain(slip.code);
    expect(text).toContain('演示新村 12幢2单元');
    expect(text).toContain('微信私聊「加梯助手」，发送：绑定 ');
    expect(text).toContain('只能用一次，4月2日前有效。别发到群里，别告诉别人。');
    expect(text).not.toMatch(/甲业主|1391111/);
    expect(embeddedFonts(bytes).join(' ')).toMatch(/\+NotoSansHans-Regular/);
    // The case records which rooms got codes, never the codes.
    const events = await api.system.models.caseEvents.find({ caseId: unitId }).lean().exec();
    expect(JSON.stringify(events)).not.toMatch(new RegExp(slips.map((slip) => slip.code).join('|')));
  });

  it('voids the earlier codes: a slip issued before binds nobody now', async () => {
    for (const { code } of oldCodes.slice(1)) {
      const result = await bindHousehold(
        api.system.commands,
        { contactId: `wx-old-${code}`, code },
        { now: api.clock.now() },
      );
      expect(result).toEqual({ kind: 'revoked' });
    }
  });

  it('prints codes that bind their own flat, each once', async () => {
    for (const slip of slips) {
      const result = await bindHousehold(
        api.system.commands,
        { contactId: `wx-${slip.room}`, code: slip.code },
        { now: api.clock.now() },
      );
      expect(result).toMatchObject({ kind: 'bound', room: slip.room, fresh: true });
    }
    const bindings = (await api.get(`/api/v1/units/${unitId}/bindings`)).body.items as { room: string }[];
    expect(bindings.map((flat) => flat.room)).toEqual(expect.arrayContaining(ROOMS));
  });

  it('puts in each QR code exactly what the resident sends: 绑定 and the code, nothing else', async () => {
    // Three pixels a point: at two the decoder now and then failed to find a random code's finder
    // patterns ("Invalid version=0"), a reader's limit and not the slip's.
    const scale = 3;
    const decoded: string[] = [];
    for (const [n, count] of [
      [1, 8],
      [2, 2],
    ] as const) {
      const image = await renderPdfPage(bytes, n, scale);
      const width = (image.width / scale - 0) / SLIPS_ACROSS;
      const top = 40 * scale;
      const height = ((A4.height - 40 - 18) * scale) / SLIPS_DOWN;
      for (let i = 0; i < count; i++) {
        // The right half of the slip holds its QR code.
        const x = (i % SLIPS_ACROSS) * width * scale + (width * scale) / 2;
        const y = top + Math.floor(i / SLIPS_ACROSS) * height;
        decoded.push(decodeQR(crop(image, x, y, (width * scale) / 2, height * 0.75)));
      }
    }
    expect(decoded).toEqual(slips.map((slip) => `绑定 ${slip.code}`));
  });
});
