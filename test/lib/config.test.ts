import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config.js';

const token = 'a-token-of-sixteen+';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ JIATI_ADMIN_TOKEN: token });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      mongodbUri: undefined,
      dbName: 'jiati',
      puppet: 'wechaty-puppet-mock',
      botEnabled: true,
      demo: false,
      displayTimeZone: 'Asia/Shanghai',
      ballotMinimumOpenDays: 5,
      adminContacts: [],
      agendaProcessEveryMs: 5000,
      logLevel: 'info',
    });
  });

  it('reads every setting it is given and treats empty strings as unset', () => {
    const config = loadConfig({
      JIATI_ADMIN_TOKEN: token,
      PORT: '0',
      MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0',
      JIATI_BOT: '0',
      JIATI_DISPLAY_TZ: '',
      JIATI_BALLOT_MIN_OPEN_DAYS: '7',
    });
    expect(config).toMatchObject({
      port: 0,
      mongodbUri: 'mongodb://db.internal:27017/?replicaSet=rs0',
      botEnabled: false,
      displayTimeZone: 'Asia/Shanghai',
      ballotMinimumOpenDays: 7,
    });
  });

  it('reads the admins to tell about unreached alerts as a comma-separated list of contact ids', () => {
    expect(
      loadConfig({ JIATI_ADMIN_TOKEN: token, JIATI_ADMIN_CONTACTS: ' wxid_admin1, @abc123 ,,' })
        .adminContacts,
    ).toEqual(['wxid_admin1', '@abc123']);
    expect(() => loadConfig({ JIATI_ADMIN_TOKEN: token, JIATI_ADMIN_CONTACTS: 'wx admin' })).toThrow(
      /^Configuration error: JIATI_ADMIN_CONTACTS must be at most 20 WeChat contact ids .*\(got "wx admin"\)$/,
    );
  });

  it('lets the demo run without a token, and no one else', () => {
    expect(loadConfig({ JIATI_DEMO: '1' }).adminToken).toBe('jiati-demo-admin-token');
    expect(() => loadConfig({})).toThrow('Configuration error: JIATI_ADMIN_TOKEN is required');
  });

  it.each([
    ['PORT', 'eighty', /^Configuration error: PORT .*\(got "eighty"\)$/],
    ['PORT', '70000', /^Configuration error: PORT .*\(got "70000"\)$/],
    ['JIATI_DISPLAY_TZ', 'Mars/Olympus', /^Configuration error: JIATI_DISPLAY_TZ must be an IANA time zone/],
    ['LOG_LEVEL', 'loud', /^Configuration error: LOG_LEVEL /],
    ['JIATI_BALLOT_MIN_OPEN_DAYS', '0', /^Configuration error: JIATI_BALLOT_MIN_OPEN_DAYS /],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ JIATI_ADMIN_TOKEN: token, [name]: value })).toThrow(message);
    expect(() => loadConfig({ JIATI_ADMIN_TOKEN: token, [name]: value })).toThrow(ConfigError);
  });

  it('never echoes a secret it refuses', () => {
    let message = '';
    try {
      loadConfig({ JIATI_ADMIN_TOKEN: 'short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Configuration error: JIATI_ADMIN_TOKEN must be at least 16 characters$/);
    try {
      loadConfig({ JIATI_ADMIN_TOKEN: token, MONGODB_URI: 'postgres://user:pw@host/db' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('pw');
  });
});
