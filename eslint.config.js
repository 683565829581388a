// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Forbid relative imports that climb into one of `folders` (the import direction of conventions.md §1). */
const forbid = (folders, why) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: why }] },
  ],
});

/** The house's own rules. */
const house = {
  rules: {
    'no-issue-numbers': {
      meta: {
        type: 'suggestion',
        messages: { issue: 'Say what the code does and why, not which issue asked for it.' },
        schema: [],
      },
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              if (/\bissues? #?\d/i.test(comment.value))
                context.report({ loc: comment.loc, messageId: 'issue' });
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      '.cache/**',
      'coverage/**',
      'tools/**',
      'miniprogram-stub/**/*.js',
      'console/dist/**',
      'test/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    plugins: { house },
    rules: {
      'house/no-issue-numbers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      ...forbid(
        ['commands', 'models', 'api', 'bot', 'jobs', 'lib', 'test'],
        'domain/ is the pure core: it imports nothing of the project.',
      ),
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass `now` in.' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'NewExpression[callee.name="Date"][arguments.length=0]', message: 'Pass `now` in.' },
        { selector: 'ImportDeclaration[source.value=/^node:/]', message: 'domain/ does no I/O.' },
      ],
    },
  },
  {
    files: ['commands/**/*.ts'],
    rules: forbid(['api', 'bot', 'jobs', 'test'], 'commands/ serve transports; they never import one.'),
  },
  {
    // The write kernel is what use cases stand on: it never imports one (hooks are registered by
    // commands/compose.ts instead).
    files: ['commands/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./){2,}(api|bot|jobs|test)(/|$)',
              message: 'commands/ serve transports; they never import one.',
            },
            { regex: '^\\.\\./[^./]', message: 'The kernel never imports a use case; register a hook.' },
          ],
        },
      ],
    },
  },
  {
    files: ['messages/**/*.ts'],
    rules: forbid(
      ['commands', 'models', 'api', 'bot', 'jobs', 'demo', 'test'],
      'messages/ turn results into sentences: pure, no I/O.',
    ),
  },
  {
    files: ['models/**/*.ts'],
    rules: forbid(['commands', 'api', 'bot', 'jobs', 'test'], 'models/ hold storage only.'),
  },
  {
    files: ['lib/**/*.ts'],
    rules: forbid(
      ['domain', 'commands', 'models', 'api', 'bot', 'jobs', 'test'],
      'lib/ is project-agnostic.',
    ),
  },
  { files: ['api/**/*.ts'], rules: forbid(['bot', 'jobs', 'test'], 'Transports do not import each other.') },
  {
    // The bot keeps its own mailboxes (inbox, outbox); every other record it reads or changes goes
    // through commands/. Types of the models may still be named.
    files: ['bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(api|jobs|test)(/|$)', message: 'Transports do not import each other.' },
            {
              regex: '^(\\.\\./)+models/(?!inbox\\.js$|outbox\\.js$)',
              allowTypeImports: true,
              message: 'The bot writes only its inbox and outbox; reach other records through commands/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['jobs/**/*.ts'],
    rules: forbid(
      ['api', 'bot', 'test', 'models'],
      'Jobs are transports: they reach storage through commands.',
    ),
  },
  {
    // The console is a client of the public HTTP API: it imports nothing of the server's code.
    files: ['console/**/*.ts'],
    rules: forbid(
      ['domain', 'commands', 'models', 'api', 'bot', 'jobs', 'lib', 'messages', 'demo', 'test'],
      'The console reaches the server through the public v1 API only.',
    ),
  },
  { files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'no-console': 'off' } },
);
