import type { Executor } from '../db';
import { countServices } from './bench.repository';

// The benchmark's baseline page (`npm run bench`, tests/bench/run.ts): the cheapest page the same
// build can serve, through every hook and the root layout, with one trivial database read. It
// exists only on a server started with CG_BENCH=1; production never sets it, so there it is a 404.

export const BENCH_ENV = 'CG_BENCH';

export function benchPageEnabled(env: Record<string, string | undefined> = process.env): boolean {
	return env[BENCH_ENV] === '1';
}

export interface BaselineFigures {
	services: number;
}

export async function getBaselineFigures(db: Executor): Promise<BaselineFigures> {
	return { services: await countServices(db) };
}
