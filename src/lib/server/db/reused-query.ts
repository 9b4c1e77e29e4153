import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type RootOperationNode } from 'kysely';
import type { Executor } from './index';

/**
 * A query built and compiled once per kind of database, then run again with new values.
 *
 * Kysely builds a query's whole tree and compiles it to SQL on every call; for the plan page's
 * queries (correlated JSON subqueries, dozens of columns) that was a tenth of the page's CPU, and
 * the SQL never changes: only the values do. `build` is called once per database kind (SQLite
 * and PostgreSQL write different SQL) with a marker in place of each argument; the markers must
 * reach the query only as bound values, which is checked, so a builder that looks at an argument
 * (an `if`, a `.trim()`) or writes one into the SQL text fails at once rather than reusing one
 * family's value for another. A query whose shape depends on an argument needs one reused query
 * per shape.
 *
 * Plugins still see each run: their `transformQuery` is called on the stored tree (the test
 * switches that inject faults refuse there) and their `transformResult` on each result (the
 * per-request query count), as Kysely itself would.
 */
export function reusedQuery<Args extends readonly unknown[], Row>(
	build: (db: Executor, ...args: Args) => Compilable<Row>
): (db: Executor, ...args: Args) => Promise<Row[]> {
	const templates = new WeakMap<DialectAdapter, Template>();
	return async (db, ...args) => {
		const executor = db.getExecutor();
		let template = templates.get(executor.adapter);
		if (!template) {
			template = compileTemplate(db, build, args.length);
			templates.set(executor.adapter, template);
		}
		const queryId = createQueryId();
		const compiled: CompiledQuery<Row> = {
			query: executor.transformQuery(template.query, queryId),
			queryId,
			sql: template.sql,
			parameters: template.parameters.map((p) => (p.arg === undefined ? p.value : args[p.arg]))
		};
		return (await executor.executeQuery(compiled)).rows;
	};
}

interface Template {
	query: RootOperationNode;
	sql: string;
	/** Each bound value: the argument it takes, or the constant the builder wrote. */
	parameters: { arg?: number; value?: unknown }[];
}

const MARKER = /^⟨cg-arg-(\d+)⟩$/;
/** Any trace of a marker, even one a builder changed (upper-cased, trimmed, cut short). */
const TRACE = /cg-arg-/i;
const marker = (i: number) => `⟨cg-arg-${i}⟩`;

function compileTemplate<Args extends readonly unknown[], Row>(
	db: Executor,
	build: (db: Executor, ...args: Args) => Compilable<Row>,
	arity: number
): Template {
	const markers = Array.from({ length: arity }, (_, i) => marker(i)) as unknown as Args;
	const { query, sql, parameters } = build(db, ...markers).compile();
	if (TRACE.test(sql)) throw new Error(`A reused query wrote an argument into its SQL instead of binding it:\n${sql}`);
	const seen = new Set<number>();
	const template = parameters.map((value) => {
		const match = typeof value === 'string' ? MARKER.exec(value) : null;
		if (!match) {
			if (typeof value === 'string' && TRACE.test(value)) throw new Error('A reused query changed an argument before binding it');
			return { value };
		}
		const arg = Number(match[1]);
		seen.add(arg);
		return { arg };
	});
	if (seen.size !== arity) throw new Error(`A reused query bound ${seen.size} of its ${arity} arguments: each must reach the query as a value`);
	return { query, sql, parameters: template };
}
