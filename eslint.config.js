import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint recommends leaving undefined-variable checks to TypeScript.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			// Svelte escapes everything it renders; raw HTML is never allowed.
			'svelte/no-at-html-tags': 'error',
			'svelte/no-target-blank': 'error',
			'svelte/require-each-key': 'error'
		}
	},
	{
		// Only server code may reach the database, private env or Kysely.
		files: ['src/routes/**', 'src/lib/components/**', 'src/lib/i18n/**', 'src/lib/validation/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['kysely', 'pg', 'better-sqlite3'], message: 'Data access lives in src/lib/server.' },
						{ group: ['$lib/server/db', '$lib/server/db/index'], message: 'Use locals.db and a service.' }
					]
				}
			]
		}
	}
);
