/** Small helpers shared by the domain tests (and the property tests elsewhere that borrow them). */
import { DomainError } from '../../domain/errors.js';

/** Runs `run` and returns the DomainError it throws; any other error is rethrown, and no error fails. */
export function caught(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/**
 * The fast-check seed for one test file: `FC_SEED` when set, else one taken from the clock. Prints it
 * once, with how to rerun the same cases.
 */
export function fastCheckSeed(file: string): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check seed for ${file}: ${seed} (rerun with FC_SEED=${seed})`);
  return seed;
}
