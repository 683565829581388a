/**
 * Roster import over real HTTP on the real database: `POST /api/v1/units/import` (a new unit) and
 * `PUT /api/v1/units/:unitId/flats/import` (a unit's roster replaced), from JSON, a CSV file (Chinese
 * headers, a BOM) or an .xlsx workbook built here with exceljs. A good file stores exactly what the
 * JSON routes store; a file with bad rows is refused with every bad row listed at once, by its row in
 * the file and its column, and nothing stored; a file that is not what it says is refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { expectError, registerUnit } from '../support/api-helpers.js';
import { ADMIN_TOKEN, startTestApi, type Json, type Reply, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** Sends bytes as a file of `type` with the admin token. */
async function upload(
  method: string,
  path: string,
  bytes: string | Uint8Array,
  type: string | null,
): Promise<Reply> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(type === null ? {} : { 'content-type': type }) },
    body: bytes,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as Json),
    headers: response.headers,
  };
}

const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
const UNIT_NAME = '朝晖七区 7幢 2单元';

/** The same four flats as `POST /units` takes them. */
const JSON_FLATS = [
  {
    room: '101',
    floor: 1,
    area: '72.50',
    areaSource: 'register',
    owners: [{ name: '王建国', phone: '13800000101' }, { name: '李秀英' }],
    elderly: true,
  },
  {
    room: '102',
    floor: 1,
    area: '56.7',
    areaSource: 'survey',
    owners: [{ name: '赵铁柱', phone: '138 0000 0102' }],
  },
  { room: '201', floor: 2, area: '88', areaSource: 'contract', owners: [], developerStock: true },
  {
    room: '202',
    floor: 2,
    area: '72.50',
    areaSource: 'register',
    owners: [{ name: '周敏' }],
    ownerKey: 'zhou',
    developerStock: false,
  },
];

/** Those flats as a spreadsheet saves them: a BOM, Chinese headers, CRLF, a quoted comma, a note column. */
const GOOD_CSV =
  '\uFEFF房号,楼层,面积（㎡）,面积来源,业主,电话,备注,开发商房源,老人,业主编号\r\n' +
  '101,1,72.50,登记,王建国、李秀英,13800000101,,,是,\r\n' +
  '102,1楼,56.7 平方米,测绘,赵铁柱,138 0000 0102,"说""过"", 不在家",,,\r\n' +
  '\r\n' +
  '201,2,88,合同,,,开发商未售,是,,\r\n' +
  '202,2,72.50,不动产登记,周敏,,,否,,zhou\r\n';

/** The flats of a registration event, as stored. */
async function registeredFlats(unitId: string): Promise<unknown> {
  const [first] = await api.system.commands.streams.load(unitId);
  return (first as { data: { flats: unknown } }).data.flats;
}

describe('POST /api/v1/units/import', () => {
  it('registers a unit from a CSV with Chinese headers and a BOM exactly as from the same rows in JSON', async () => {
    const reply = await upload(
      'POST',
      `/api/v1/units/import${query({ name: UNIT_NAME })}`,
      GOOD_CSV,
      `${CSV}; charset=utf-8`,
    );
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toBe(`/api/v1/units/${reply.body.id}`);
    expect(reply.body.import).toEqual({
      format: 'csv',
      flats: 4,
      ignoredColumns: ['备注'],
      encoding: 'utf-8',
    });
    const fromJson = await api.post('/api/v1/units', { name: UNIT_NAME, flats: JSON_FLATS });
    expect(fromJson.status).toBe(201);
    const { id: _csvId, import: _import, ...csvUnit } = reply.body;
    const { id: _jsonId, ...jsonUnit } = fromJson.body;
    expect(csvUnit).toEqual(jsonUnit);
    expect(await registeredFlats(reply.body.id)).toEqual(await registeredFlats(fromJson.body.id));
    expect(reply.body.flats[0]).toEqual({
      room: '101',
      floor: 1,
      area: '72.50',
      areaSource: 'register',
      elderly: true,
      owners: [
        { name: '王建国', hasPhone: true, phone: '138****0101' },
        { name: '李秀英', hasPhone: false },
      ],
    });
  });

  it('registers from a JSON body as POST /units does', async () => {
    const reply = await api.post('/api/v1/units/import', { name: UNIT_NAME, flats: JSON_FLATS });
    expect(reply.status).toBe(201);
    expect(reply.body.import).toEqual({ format: 'json', flats: 4, ignoredColumns: [] });
    expect(reply.body.totals).toEqual(expect.objectContaining({ flats: 4 }));
  });

  it('lists all three bad rows of a CSV at once, by row and column, and stores nothing', async () => {
    const before = await storedRecords(api.system.models);
    const csv =
      '\uFEFF房号,楼层,面积,面积来源,业主,电话\n' +
      '101,1,72.50,登记,王建国,13800000101\n' +
      '102,1,72.505,登记,李秀英,\n' + // row 3: three decimals
      '201,2,60.00,登记,赵铁柱,\n' +
      '101,2,60.00,登记,周敏,\n' + // row 5: 101 again
      '301,三楼,60.00,估计,吴芳,call me\n'; // row 6: floor, area source and phone
    const reply = await upload('POST', `/api/v1/units/import${query({ name: UNIT_NAME })}`, csv, CSV);
    expectError(reply, 422, 'roster_import_invalid', /有 3 行要修改：第 3、5、6 行。这次什么都没有保存/);
    expect(reply.body.details).toEqual({
      format: 'csv',
      fields: [],
      rows: [
        { row: 3, column: '面积', field: 'area', message: expect.stringMatching(/最多两位小数/) },
        { row: 5, column: '房号', field: 'room', message: '这个房号和第 2 行重复了，一户只能登记一次。' },
        { row: 6, column: '楼层', field: 'floor', message: expect.stringMatching(/整数/) },
        {
          row: 6,
          column: '面积来源',
          field: 'areaSource',
          message: expect.stringMatching(/登记.*测绘.*合同/),
        },
        { row: 6, column: '电话', field: 'phone', message: expect.stringMatching(/数字/) },
      ],
    });
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('lists every bad row of a JSON list and a missing name in one answer, storing nothing', async () => {
    const before = await storedRecords(api.system.models);
    const flats = [
      JSON_FLATS[0],
      { ...JSON_FLATS[1], area: 56.7 },
      'not a flat',
      { ...JSON_FLATS[3], ownerKey: 'developer' },
    ];
    const reply = await api.post('/api/v1/units/import', { flats });
    expectError(reply, 422, 'roster_import_invalid', /请写明单元名称.*有 3 行要修改：第 2、3、4 行/);
    expect(reply.body.details.fields).toEqual([
      { field: 'name', message: expect.stringMatching(/单元名称/) },
    ]);
    expect(reply.body.details.rows.map((p: Json) => [p.row, p.column, p.field])).toEqual([
      [2, '面积', 'area'],
      [3, '整行', 'row'],
      [4, '业主编号', 'ownerKey'],
    ]);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('names missing columns once instead of every row, and a file without a name', async () => {
    const reply = await upload('POST', '/api/v1/units/import', '房号,业主\n101,王建国\n', CSV);
    expectError(reply, 422, 'roster_import_invalid', /缺少「楼层」这一列/);
    expect(reply.body.details.fields.map((p: Json) => p.message)).toEqual([
      expect.stringMatching(/单元名称/),
      '缺少「楼层」这一列，请在表头加上。',
      '缺少「面积」这一列，请在表头加上。',
      expect.stringMatching(/缺少「面积来源」这一列/),
    ]);
  });

  it('takes the area source of the query for a file without that column, and a GBK file that says so', async () => {
    const csv = Buffer.from(
      new Uint8Array([
        ...Buffer.from('room,floor,area,'),
        // 业主 in GBK
        0xd2,
        0xb5,
        0xd6,
        0xf7,
        ...Buffer.from('\n101,1,50,'),
        // 王 in GBK
        0xcd,
        0xf5,
        ...Buffer.from('\n'),
      ]),
    );
    const refused = await upload(
      'POST',
      `/api/v1/units/import${query({ name: 'GBK 单元', areaSource: 'survey' })}`,
      csv,
      CSV,
    );
    expectError(refused, 400, 'unreadable_file', /CSV UTF-8/);
    const reply = await upload(
      'POST',
      `/api/v1/units/import${query({ name: 'GBK 单元', areaSource: 'survey' })}`,
      csv,
      `${CSV}; charset=GBK`,
    );
    expect(reply.status).toBe(201);
    expect(reply.body.import.encoding).toBe('gb18030');
    expect(reply.body.flats).toEqual([
      {
        room: '101',
        floor: 1,
        area: '50.00',
        areaSource: 'survey',
        owners: [{ name: '王', hasPhone: false }],
      },
    ]);
  });

  it('reads a gzipped CSV, and refuses one that is not the gzip it says', async () => {
    const path = `/api/v1/units/import${query({ name: UNIT_NAME })}`;
    const send = (body: Uint8Array | string) =>
      fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': CSV, 'content-encoding': 'gzip' },
        body,
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Json }));
    const reply = await send(new Uint8Array(gzipSync(Buffer.from(GOOD_CSV))));
    expect({ status: reply.status, flats: reply.body.import?.flats }).toEqual({ status: 201, flats: 4 });
    const before = await storedRecords(api.system.models);
    expectError({ ...(await send(GOOD_CSV)), headers: new Headers() }, 400, 'invalid_json', /压缩方式/);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('refuses other formats, an unreadable file and a body over 1 MB, storing nothing', async () => {
    const before = await storedRecords(api.system.models);
    const path = `/api/v1/units/import${query({ name: UNIT_NAME })}`;
    expectError(
      await upload('POST', path, GOOD_CSV, 'text/plain'),
      415,
      'unsupported_media_type',
      /JSON、CSV/,
    );
    expectError(await upload('POST', path, GOOD_CSV, null), 415, 'unsupported_media_type');
    expectError(
      await upload('POST', path, GOOD_CSV, `${CSV}; charset=latin1`),
      415,
      'unsupported_media_type',
    );
    expectError(await upload('POST', path, 'PK not really a zip', XLSX), 400, 'unreadable_file', /xlsx/);
    expectError(await upload('POST', path, '房号,"楼层\n101,1', CSV), 400, 'unreadable_file', /第 1 行/);
    expectError(await upload('POST', path, '\uFEFF\r\n , \r\n', CSV), 400, 'unreadable_file', /文件是空的/);
    const big = `房号,楼层,面积,业主\n${'101,1,50,王\n'.repeat(100_000)}`;
    expectError(await upload('POST', path, big, CSV), 413, 'payload_too_large', /1 MB/);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('refuses a workbook that would unpack past the limit before unpacking it', async () => {
    const before = await storedRecords(api.system.models);
    const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(30 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const reply = await upload('POST', `/api/v1/units/import${query({ name: UNIT_NAME })}`, bomb, XLSX);
    expectError(reply, 400, 'unreadable_file', /解开后太大/);
    expect(reply.body.details).toEqual({ reason: 'unpacked_too_large' });
    expect(await storedRecords(api.system.models)).toEqual(before);
  });
});

describe('PUT /api/v1/units/:unitId/flats/import', () => {
  /** A workbook of the given rows on its first sheet (a hidden sheet before it is skipped). */
  async function workbook(
    rows: unknown[][],
    build?: (sheet: ExcelJS.Worksheet) => void,
  ): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const hidden = book.addWorksheet('说明');
    hidden.state = 'hidden';
    hidden.addRow(['这张表不是名单']);
    const sheet = book.addWorksheet('名单');
    for (const row of rows) sheet.addRow(row);
    build?.(sheet);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it('replaces the roster from an .xlsx with English headers, numbers, a merged floor and a formula', async () => {
    const unitId = await registerUnit(api, 4);
    const bytes = await workbook(
      [
        ['Room', 'Floor', 'Area (m²)', 'Owner name(s)', 'Phone', 'Area source', 'Elderly'],
        [101, 1, 72.5, '王建国', 13800000101, 'register', 'yes'],
        [
          102,
          null,
          { formula: '50+6.7', result: 56.7 },
          { richText: [{ text: '李' }, { text: '秀英' }] },
          null,
          '测绘',
          null,
        ],
        [201, 2, 60, '赵铁柱', null, '合同', 'no'],
      ],
      (sheet) => sheet.mergeCells('B2:B3'),
    );
    const reply = await upload(
      'PUT',
      `/api/v1/units/${unitId}/flats/import${query({ reason: '按不动产登记更正' })}`,
      bytes,
      XLSX,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.import).toEqual({ format: 'xlsx', flats: 3, ignoredColumns: [] });
    expect(reply.body.rosterUpdate).toEqual({
      updated: true,
      added: [],
      removed: ['202'],
      changed: ['101', '102', '201'],
      openBallotIds: [],
    });
    expect(reply.body.flats).toEqual([
      {
        room: '101',
        floor: 1,
        area: '72.50',
        areaSource: 'register',
        elderly: true,
        owners: [{ name: '王建国', hasPhone: true, phone: '138****0101' }],
      },
      {
        room: '102',
        floor: 1,
        area: '56.70',
        areaSource: 'survey',
        owners: [{ name: '李秀英', hasPhone: false }],
      },
      {
        room: '201',
        floor: 2,
        area: '60.00',
        areaSource: 'contract',
        elderly: false,
        owners: [{ name: '赵铁柱', hasPhone: false }],
      },
    ]);
    const events = await api.system.commands.streams.load(unitId);
    expect(events.at(-1)).toMatchObject({ type: 'RosterUpdated', data: { reason: '按不动产登记更正' } });
    // The same file again changes nothing, as the JSON route.
    const again = await upload(
      'PUT',
      `/api/v1/units/${unitId}/flats/import${query({ reason: '再传一次' })}`,
      bytes,
      XLSX,
    );
    expect(again.body.rosterUpdate.updated).toBe(false);
    expect(await api.system.commands.streams.load(unitId)).toHaveLength(events.length);
  });

  it('lists every bad row of a workbook and a missing reason at once, storing nothing', async () => {
    const unitId = await registerUnit(api, 4);
    const before = await storedRecords(api.system.models);
    const bytes = await workbook([
      ['序号', '房号', '楼层', '面积', '业主', '电话', '面积来源'],
      [1, '101', 1, 50, '王建国', '13800000101、13900000101', '登记'],
      [2, new Date('2025-05-01T00:00:00Z'), 1, 50, '李秀英', null, '登记'],
      [3, '201', 2, 0, '赵铁柱', null, '登记'],
      [4, '202', 2, 50, '周敏', null, '登记'],
    ]);
    const reply = await upload('PUT', `/api/v1/units/${unitId}/flats/import`, bytes, XLSX);
    expectError(reply, 422, 'roster_import_invalid', /修改名单的原因.*有 3 行要修改：第 2、3、4 行/);
    expect(reply.body.details.rows).toEqual([
      { row: 2, column: '电话', field: 'phone', message: expect.stringMatching(/电话比业主多/) },
      { row: 3, column: '房号', field: 'room', message: expect.stringMatching(/日期/) },
      { row: 4, column: '面积', field: 'area', message: expect.stringMatching(/大于 0/) },
    ]);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('answers 404 for a unit that is not registered, before reading its file', async () => {
    expectError(
      await upload(
        'PUT',
        `/api/v1/units/u_aaaaaaaaaaaaaaaa/flats/import${query({ reason: 'x' })}`,
        GOOD_CSV,
        CSV,
      ),
      404,
      'unit_not_registered',
    );
  });
});

/** A zip of one deflated entry, as small as deflate makes it: what a file-bomb looks like. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}
