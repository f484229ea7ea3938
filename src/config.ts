/**
 * Configuration is read from the environment exactly once, validated, and handed down frozen. No other
 * module reads process.env. A bad value stops the boot with a list of every problem at once.
 */
import path from 'node:path';
import { z } from 'zod';
import { BUNDESLAENDER } from './shared/taxonomy.js';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  VORRANG_DATA_DIR: z.string().min(1).default('./data'),
  VORRANG_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  VORRANG_DEMO: flag.default(true),
  VORRANG_DEMO_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  VORRANG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VORRANG_SECURE_COOKIES: flag.default(false),
  VORRANG_SESSION_HOURS: z.coerce.number().min(0.25).max(24).default(10),
  VORRANG_LEASE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  VORRANG_DEFAULT_LAND: z.enum(BUNDESLAENDER).default('NW'),
  VORRANG_RESCORE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(10),
  VORRANG_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(120),
});

export type Config = Readonly<{
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  demo: { enabled: boolean; size: number };
  logLevel: z.infer<typeof schema>['VORRANG_LOG_LEVEL'];
  secureCookies: boolean;
  sessionHours: number;
  leaseMinutes: number;
  defaultLand: z.infer<typeof schema>['VORRANG_DEFAULT_LAND'];
  /** Anonymous intake requests per minute and client address; 0 switches the limit off. */
  publicRateLimit: number;
  /** How often each process tries to refresh the dispatch index; 0 = never (use `vorrang rescore`). */
  rescoreMinutes: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment (process.env by default). Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.VORRANG_DB_POOL_SIZE }
      : { kind: 'pglite' as const, dataDir: path.resolve(e.VORRANG_DATA_DIR) },
    demo: { enabled: e.VORRANG_DEMO, size: e.VORRANG_DEMO_SIZE },
    logLevel: e.VORRANG_LOG_LEVEL,
    secureCookies: e.VORRANG_SECURE_COOKIES,
    sessionHours: e.VORRANG_SESSION_HOURS,
    leaseMinutes: e.VORRANG_LEASE_MINUTES,
    defaultLand: e.VORRANG_DEFAULT_LAND,
    publicRateLimit: e.VORRANG_PUBLIC_RATE_LIMIT,
    rescoreMinutes: e.VORRANG_RESCORE_MINUTES,
  });
}

/** For commands: the validated config, or null after printing every problem (the command then exits 2). */
export function loadConfigForCommand(): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return null;
    }
    throw err;
  }
}
