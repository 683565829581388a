/**
 * The fast-check seed for one test file: `FC_SEED` when set, else one taken from the clock. Prints it
 * once, with how to rerun the same cases.
 */
export function fastCheckSeed(file: string): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check seed for ${file}: ${seed} (rerun with FC_SEED=${seed})`);
  return seed;
}
