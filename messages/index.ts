/**
 * Every sentence Jiati says, in one place: error codes and results in, plain Chinese out, one pure
 * module per subject — chat replies (`chat.ts`), binding (`binding.ts`), objections
 * (`objections.ts`), ballots and votes (`ballot.ts`), plans (`plan.ts`), publicity (`publicity.ts`),
 * the clocks' alerts and notices (`clocks.ts`), the corrections residents are told of
 * (`corrections.ts`) and the operator's start-up refusals (`process.ts`). Transports and commands
 * import them from here.
 */
export * from './ballot.js';
export * from './binding.js';
export * from './chat.js';
export * from './errors.js';
export * from './progress.js';
export * from './clocks.js';
export * from './corrections.js';
export * from './objections.js';
export * from './plan.js';
export * from './process.js';
export * from './publicity.js';
export * from './records.js';
export * from './minutes.js';
export * from './subscriber.js';
export * from './application.js';
export * from './works.js';
export * from './hints.js';
export * from './stages.js';
export * from './dashboard.js';
export * from './timeline.js';
export * from './costs.js';
export * from './elevator.js';
