import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAMESPACES, type Namespace } from './locales';

// Which namespaces each page's texts come from, read off the code when the app is built
// (vite.config.ts hands the answer to the browser as __ROUTE_NAMESPACES__). The browser then
// downloads only those files for a page, not all thirteen: a family's pages never need the
// worker's or the administrator's words.
//
// A page's texts are the keys written in its files and in everything they import, followed
// through relative and `$lib/` imports: its own +page files, every +layout and +error above it,
// and their server files too, since a form's error or a status sent from the server is a key the
// browser says again. Every key names its namespace (`'plan:goals.heading'`; a key without one is
// in `common`, which every page gets). Reading more than a page uses only costs bytes; a
// namespace missed would cost words, so the browser's translator says so in the console
// (translate.ts) and the end-to-end crawls fail on it.
//
// Build-time code: it reads the source tree, and nothing in the app imports it.

const SOURCE = fileURLToPath(new URL('../..', import.meta.url));
const ROUTES = join(SOURCE, 'routes');
const LIB = join(SOURCE, 'lib');

/** A namespace named at the start of a key: `'plan:`, `"plan:`, or a template's `` `plan: ``. */
const KEY_NAMESPACE = new RegExp(`['"\`](${NAMESPACES.join('|')}):`, 'g');
/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`. */
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** A line that is all comment: `// …`, a block comment's lines (`/**`, ` * …`), `<!-- …`. */
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|<!--)/;
const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts', '/index.js'];
/** A page's own files, and those it has from each folder above it. */
const PAGE_FILES = ['+page.svelte', '+page.ts', '+page.server.ts'];
const ENCLOSING_FILES = ['+layout.svelte', '+layout.ts', '+layout.server.ts', '+error.svelte'];

interface SourceFile {
	namespaces: Set<Namespace>;
	imports: string[];
}

/** The file an import names, or null for a package or SvelteKit's own modules (`$app/…`). */
function resolveImport(from: string, specifier: string): string | null {
	let base: string;
	if (specifier === '$lib' || specifier.startsWith('$lib/')) base = join(LIB, specifier.slice('$lib'.length));
	else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
	else return null;
	for (const extension of EXTENSIONS) {
		const candidate = base + extension;
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

function readSource(path: string, cache: Map<string, SourceFile>): SourceFile {
	let file = cache.get(path);
	if (!file) {
		const text = readFileSync(path, 'utf8');
		const imports: string[] = [];
		for (const match of text.matchAll(IMPORT)) {
			const target = resolveImport(path, (match[1] ?? match[2] ?? match[3]) as string);
			// Locale files hold the texts themselves, not keys.
			if (target && !target.endsWith('.json')) imports.push(target);
		}
		// Keys are read from code, not from comments: a comment naming `news:kind.*` says where texts
		// are, and would otherwise give every page that imports it a namespace it never shows.
		const code = text
			.split('\n')
			.filter((line) => !COMMENT_LINE.test(line))
			.join('\n');
		file = { namespaces: new Set([...code.matchAll(KEY_NAMESPACE)].map((m) => m[1] as Namespace)), imports };
		cache.set(path, file);
	}
	return file;
}

/** Every folder under src/routes with a +page.svelte, as SvelteKit names it (`route.id`). */
function pageFolders(folder: string, into: string[] = []): string[] {
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		if (entry.isDirectory()) pageFolders(join(folder, entry.name), into);
		else if (entry.name === '+page.svelte') into.push(folder);
	}
	return into;
}

function routeId(folder: string): string {
	return `/${relative(ROUTES, folder).split(sep).join('/')}`;
}

/** The namespaces of each page, by route id, in NAMESPACES order; `common` always among them. */
export function scanRouteNamespaces(): Record<string, Namespace[]> {
	const cache = new Map<string, SourceFile>();
	const result: Record<string, Namespace[]> = {};
	for (const folder of pageFolders(ROUTES).sort()) {
		const start: string[] = [];
		for (let above = folder; ; above = dirname(above)) {
			for (const name of ENCLOSING_FILES) if (existsSync(join(above, name))) start.push(join(above, name));
			if (above === ROUTES) break;
		}
		for (const name of PAGE_FILES) if (existsSync(join(folder, name))) start.push(join(folder, name));
		const used = new Set<Namespace>(['common']);
		const seen = new Set<string>();
		const todo = [...start];
		while (todo.length > 0) {
			const path = todo.pop() as string;
			if (seen.has(path)) continue;
			seen.add(path);
			const file = readSource(path, cache);
			for (const ns of file.namespaces) used.add(ns);
			todo.push(...file.imports);
		}
		result[routeId(folder)] = NAMESPACES.filter((ns) => used.has(ns));
	}
	return result;
}
