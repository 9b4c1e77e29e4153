// `npm run bench:crash`: the SIGKILL durability campaign at benchmark size (1000 runs; set
// CRASH_RUNS, CRASH_LANES or CRASH_WRITER_FAULT to change it). Exits non-zero on any loss,
// half-written unit, integrity problem or writer failure. SQLite only, like the test.
import { runCrashCampaign, summarise, type CrashFault } from '../integration/support/crash-runs';

const runs = Number(process.env.CRASH_RUNS || 1000);
const lanes = Number(process.env.CRASH_LANES || 4);
const fault = (process.env.CRASH_WRITER_FAULT || undefined) as CrashFault | undefined;

const report = await runCrashCampaign({
	runs,
	lanes,
	fault,
	progress: (line) => {
		if (/^run \d*00:/.test(line)) console.log(line);
	}
});
console.log(summarise(report));
// One line each: a writer's stderr can be a whole stack trace.
for (const problem of [...report.integrityProblems, ...report.writerFailures].slice(0, 20)) {
	console.log(`  ${problem.replace(/\s+/g, ' ').slice(0, 240)}`);
}
const clean =
	report.lost === 0 && report.halfWritten === 0 && report.integrityProblems.length === 0 && report.writerFailures.length === 0;
process.exitCode = clean ? 0 : 1;
