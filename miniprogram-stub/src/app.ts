/**
 * The resident's mini-program: a client of the public v1 API and nothing else. The pages read and
 * change nothing but through `api.ts`; every sentence they show is in `texts.ts`.
 */
App({});
