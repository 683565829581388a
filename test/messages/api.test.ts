/** The API's plain-Chinese messages: one for every error code, specific where the details say more. */
import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from '../../domain/errors.js';
import { STAGES } from '../../domain/case/index.js';
import { apiErrorMessage, fieldWords } from '../../messages/api.js';

const HAN = /\p{Script=Han}/u;

describe('apiErrorMessage', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has a Chinese sentence with and without details', (code) => {
    for (const details of [
      undefined,
      {},
      { field: 'flats.0.area', row: 1, stage: 'voting', ballotId: 'b1' },
    ]) {
      const message = apiErrorMessage(code, details);
      expect(message).toMatch(HAN);
      expect(message).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('names the stage in words, never its code name', () => {
    const message = apiErrorMessage('wrong_stage', { stage: 'objections', expected: ['publicity'] });
    expect(message).toBe('现在处在「异议处理」阶段，这件事要到「公示」阶段才能办。');
    for (const stage of STAGES) {
      expect(apiErrorMessage('wrong_stage', { stage, expected: [stage] })).not.toContain(stage);
    }
  });

  it('shows instants in Asia/Shanghai, not UTC', () => {
    const message = apiErrorMessage('ballot_not_yet_closable', {
      ballotId: 'b_1',
      closableAt: '2025-03-10T16:30:00.000Z',
    });
    expect(message).toBe('表决 b_1 要到 3月11日 00:30 以后才能结束。');
  });

  it('names the field and its row as people say them', () => {
    expect(apiErrorMessage('validation_error', { field: 'flats.3.area', row: 4 })).toBe(
      '第 4 行的「flats.3.area」（房屋名单 › 面积）填写有误，请检查后再提交。',
    );
    expect(fieldWords('objector.unknownThing')).toBe('objector › unknownThing');
  });

  it('says which action a refusal of rights was about, and what to reply instead of a wrong mediation step', () => {
    expect(apiErrorMessage('mediation_out_of_order', { allowed: ['committee'] })).toBe(
      '调解要按顺序来：协商、社区调解、街道调解、听证，这条异议下一步是「社区调解」。',
    );
    expect(apiErrorMessage('method_not_allowed', { method: 'PUT', allowed: ['POST'] })).toBe(
      '这个地址不接受 PUT 请求，只接受 POST。',
    );
  });
});
