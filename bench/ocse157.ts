// Times the OCSE-157 on a kept benchmark database, read whole (one load, as before) or a slice of cases at a
// time (src/reporting/ocse157-chunked.ts), with the process's CPU time and peak resident memory.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cse_bench_100000 node --import tsx bench/ocse157.ts 2027 chunked 20000
//   DATABASE_URL=... node --import tsx bench/ocse157.ts 2027 whole
// Run each way in its own process: peak memory is per process.
import { openDatabase } from '../src/db/database.ts';
import { loadReportData } from '../src/reporting/data.ts';
import { computeOcse157 } from '../src/reporting/ocse157.ts';
import { ocse157ByChunks } from '../src/reporting/ocse157-chunked.ts';

const [yearArg = '2027', mode = 'chunked', chunkArg = '20000'] = process.argv.slice(2);
const year = Number(yearArg);
const handle = await openDatabase({ url: process.env.DATABASE_URL! });
const started = performance.now();
const cpu = process.cpuUsage();
let lines: Array<{ line: string; value: number | null }>;
if (mode === 'whole') lines = computeOcse157(await loadReportData(handle.db, null), year).lines;
else lines = (await ocse157ByChunks(handle.db, null, null, [year], { lists: [], chunkCases: Number(chunkArg) })).reports.get(year)!.lines;
const used = process.cpuUsage(cpu);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${mode}${mode === 'chunked' ? ` (${chunkArg} cases a slice)` : ''}: ${seconds.toFixed(1)} s wall, node CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
process.stdout.write(lines.filter((l) => l.value !== null).map((l) => `${l.line}=${l.value}`).join(' ') + '\n');
await handle.close();
