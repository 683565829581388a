import { describe, expect, it } from '@jest/globals';
import { DomainError, isDomainError } from '../../domain/errors.js';

describe('DomainError', () => {
  it('carries a stable code and details, and no HTTP status', () => {
    const error = new DomainError('validation_error', 'bad', { field: 'room' });
    expect(error.code).toBe('validation_error');
    expect(error.details).toEqual({ field: 'room' });
    expect(isDomainError(error, 'validation_error')).toBe(true);
    expect(isDomainError(error, 'not_found')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(new DomainError('not_found').message).toBe('not_found');
  });
});

describe('ERROR_CODES', () => {
  it('lists every code once, in snake_case', async () => {
    const { ERROR_CODES } = await import('../../domain/errors.js');
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
