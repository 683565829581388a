/**
 * Areas of exclusive parts, as the law counts them: the registered (else surveyed, else contract) area
 * of each flat enters the area test of Civil Code art. 278 (SPC building-division interpretation art. 8).
 * The core keeps areas as integer hundredths of a square metre (`areaCenti`) so that the "two thirds"
 * and "three quarters" tests are exact at the boundary (art. 1259: "以上" includes it); text is parsed
 * digit by digit and never passes through a float.
 */
import { DomainError } from '../errors.js';

/** The largest area one flat may have, in 0.01 m² (100 000 m²): anything above is a typing error. */
export const MAX_AREA_CENTI = 10_000_000;

/** Plain ASCII decimal: no sign, no exponent, no spaces, no leading zeros, at most two decimal places. */
const AREA_TEXT = /^(0|[1-9][0-9]{0,5})(?:\.([0-9]{1,2}))?$/;

function invalidArea(message: string): DomainError {
  return new DomainError('validation_error', message, { field: 'area' });
}

/**
 * Reads an area typed by a person or an import ("72.5", "72.50", "100") as integer hundredths of a
 * square metre (7250). Refuses zero, signs, exponents, spaces, more than two places and areas above
 * {@link MAX_AREA_CENTI}, because a wrong area silently shifts the art. 278 area test.
 *
 * @throws DomainError `validation_error` with details `{ field: 'area' }`.
 */
export function parseArea(text: string): number {
  const match = AREA_TEXT.exec(text);
  if (match === null) {
    throw invalidArea('An area is a positive number of square metres with at most two decimal places.');
  }
  const centi = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (centi === 0) throw invalidArea('An area must be greater than zero.');
  if (centi > MAX_AREA_CENTI) throw invalidArea('An area may not exceed 100000 square metres.');
  return centi;
}

/**
 * Shows integer hundredths of a square metre as square metres with exactly two places (7250 → "72.50",
 * 0 → "0.00"), so that every displayed area is the exact figure the tally used.
 *
 * @throws DomainError `validation_error` with details `{ field: 'area' }` for a negative or
 *   non-integer value (a bug upstream: areas are never negative or fractional hundredths).
 */
export function formatArea(centi: number): string {
  if (!Number.isSafeInteger(centi) || centi < 0) {
    throw invalidArea('An area in hundredths of a square metre is a non-negative integer.');
  }
  const hundredths = centi % 100;
  return `${(centi - hundredths) / 100}.${String(hundredths).padStart(2, '0')}`;
}
