/**
 * Per-file hooks for the integration tests: a fresh test database (and, with useTestApp, the app on top
 * of it) created before the file's tests and closed after them. The returned accessors may be read in
 * tests and in hooks registered after the call, never at module load.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Triage } from '../../src/triage/triage.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { testApp } from './factories.js';

export interface TestDatabaseAccess {
  /** The database itself, e.g. to open another connection pool. */
  readonly database: TestDatabase;
  readonly db: Db;
}

export interface TestAppAccess extends TestDatabaseAccess {
  readonly app: FastifyInstance;
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not set up yet: use it in a test or a later hook`);
  return value;
}

/** A fresh test database for this file. */
export function useTestDatabase(): TestDatabaseAccess {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get database() {
      return ready(database, 'the test database');
    },
    get db() {
      return ready(database, 'the test database').handle.db;
    },
  };
}

/** A fresh test database for this file and the app built on it with `triage`. */
export function useTestApp(triage: Triage): TestAppAccess {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await testApp(database.handle.db, triage);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  return {
    get database() {
      return ready(database, 'the test database');
    },
    get db() {
      return ready(database, 'the test database').handle.db;
    },
    get app() {
      return ready(app, 'the app');
    },
  };
}
