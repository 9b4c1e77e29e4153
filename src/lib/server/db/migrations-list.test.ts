import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../migrations/index';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/', import.meta.url));
/** YYYY_MM_DD_HHMMSS_verb_noun.ts: a timestamp, then at least two lower-case words. */
const NAME = /^\d{4}_(0[1-9]|1[0-2])_(0[1-9]|[12]\d|3[01])_([01]\d|2[0-3])[0-5]\d[0-5]\d(_[a-z][a-z0-9]*){2,}\.ts$/;

const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts'));
const migrationFiles = files.filter((f) => f !== 'index.ts' && !f.endsWith('.test.ts')).sort();

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function importsOf(source: string): string[] {
	const found = [
		...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
		...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
		...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)
	];
	return found.map((m) => m[1] as string);
}

describe('migrations/', () => {
	it('holds migrations', () => {
		expect(migrationFiles.length).toBeGreaterThan(0);
	});

	it.each(migrationFiles)('%s is named YYYY_MM_DD_HHMMSS_verb_noun.ts', (file) => {
		expect(file).toMatch(NAME);
	});

	it('lists every migration file in index.ts, by name without extension, in order', () => {
		expect(Object.keys(migrations)).toEqual(migrationFiles.map((f) => f.replace(/\.ts$/, '')));
	});

	it.each(migrationFiles)('index.ts maps %s to that file’s up and down', async (file) => {
		const module = (await import(/* @vite-ignore */ join(MIGRATIONS_DIR, file))) as Record<string, unknown>;
		const listed = migrations[file.replace(/\.ts$/, '')];
		expect(typeof module.up).toBe('function');
		expect(typeof module.down).toBe('function');
		expect(listed?.up).toBe(module.up);
		expect(listed?.down).toBe(module.down);
	});

	it.each(files)('%s imports nothing from the application', (file) => {
		const source = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
		for (const specifier of importsOf(source)) {
			if (specifier.startsWith('.')) {
				// Relative imports must stay inside migrations/.
				const target = relative(MIGRATIONS_DIR, resolve(dirname(join(MIGRATIONS_DIR, file)), specifier));
				expect(target.startsWith('..'), `${file} imports ${specifier}`).toBe(false);
			} else {
				expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^(\$lib|\$app|src\/|\/)/);
			}
		}
	});

	it('finds imports the way the check above expects', () => {
		expect(
			importsOf(
				"import { sql, type Kysely } from 'kysely';\nimport type { X } from '../src/lib/server/db/schema';\n" +
					"import '$lib/side-effect';\nexport * from './other';\nconst m = await import('../src/x');"
			).sort()
		).toEqual(['$lib/side-effect', '../src/lib/server/db/schema', '../src/x', './other', 'kysely']);
	});
});
