/**
 * `vorrang schedule --input jobs.json`: orders single-worker jobs to minimise total weighted tardiness
 * and prints `{ "order": [...], "totalWeightedTardiness": n }` as one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../shared/cli.js';
import { ScheduleInputError, parseJobsDocument, scheduleWeightedTardiness } from './schedule.js';
import type { ScheduleOptions } from './schedule.js';

export interface ScheduleIo {
  stdin: AsyncIterable<string | Uint8Array>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: vorrang schedule --input <file|->  [--seed <int>] [--iterations <int>]

Reads {"jobs": [{"id": string|number, "p": int>0, "w": int>=0, "d": int>=0}, ...]} (all jobs released
at time 0, one worker) and prints one JSON line {"order": [ids], "totalWeightedTardiness": number}
with the processing order that minimises (heuristically; exactly for up to 14 jobs) the sum of
w * max(0, completion - d).

Options:
  --input <file>      input JSON file; "-" reads standard input
  --seed <int>        seed of the local-search perturbations (default fixed; output is deterministic)
  --iterations <int>  iterated-local-search kicks (default depends on the number of jobs; 0 = none)
  -h, --help          show this help

Exit codes: 0 success, 2 usage or input error.
`;

interface Parsed {
  help: boolean;
  input?: string;
  options: ScheduleOptions;
}

function nonNegativeInt(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(
      `${flag} needs a non-negative integer (got ${value === undefined ? 'nothing' : `"${value}"`})`,
    );
  }
  return Number(value);
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = { help: false, options: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : args[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '--input': {
        const v = value();
        if (v === undefined || v === '') throw new UsageError('--input needs a file path or "-"');
        if (parsed.input !== undefined) throw new UsageError('--input given more than once');
        parsed.input = v;
        break;
      }
      case '--seed':
        parsed.options.seed = nonNegativeInt('--seed', value());
        break;
      case '--iterations':
        parsed.options.iterations = nonNegativeInt('--iterations', value());
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return parsed;
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(path: string, io: ScheduleIo): Promise<string> {
  if (path === '-') return readAll(io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new ScheduleInputError(`cannot read input "${path}": ${reason}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export async function run(args: string[], io?: Partial<ScheduleIo>): Promise<number> {
  const out = io?.stdout ?? process.stdout;
  const err = io?.stderr ?? process.stderr;
  const stdin = io?.stdin ?? process.stdin;
  try {
    const parsed = parseArgs(args);
    if (parsed.help) {
      out.write(USAGE);
      return 0;
    }
    if (parsed.input === undefined) throw new UsageError('missing --input <file|-> (see --help)');
    const text = await readInput(parsed.input, { stdin, stdout: out, stderr: err });
    let doc: unknown;
    try {
      // Files saved by Windows editors often start with a byte order mark, which JSON does not allow.
      doc = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      throw new ScheduleInputError(`input is not valid JSON: ${oneLine((error as Error).message)}`);
    }
    const jobs = parseJobsDocument(doc);
    const result = scheduleWeightedTardiness(jobs, parsed.options);
    out.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScheduleInputError) {
      err.write(`vorrang schedule: ${oneLine(error.message)}\n`);
      return 2;
    }
    err.write(
      `vorrang schedule: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}
