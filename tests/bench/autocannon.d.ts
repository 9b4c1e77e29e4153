// The part of autocannon 9's API the benchmark uses (the package ships no types, and
// @types/autocannon is not a dependency).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface Options {
		url: string;
		method?: string;
		headers?: Record<string, string>;
		body?: string;
		connections?: number;
		duration?: number;
	}

	interface Result {
		errors: number;
		timeouts: number;
		non2xx: number;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
		stop(): void;
	}

	function autocannon(options: Options): Instance;
	export default autocannon;
}
