/** Small helpers shared by the domain tests. */
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
