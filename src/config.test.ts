import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, loadConfigForCommand } from './config.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('configuration', () => {
  it('runs on the embedded database with sensible defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.database).toEqual({ kind: 'pglite', dataDir: path.resolve('./data') });
    expect(c.demo).toEqual({ enabled: true, size: 5000 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats empty strings as unset', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/v', VORRANG_DB_POOL_SIZE: '4', PORT: '' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/v', poolSize: 4 });
    expect(c.port).toBe(8080);
    expect(loadConfig({ VORRANG_DEMO: 'no' }).demo.enabled).toBe(false);
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        VORRANG_DEFAULT_LAND: 'XX',
        VORRANG_DEMO: 'vielleicht',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['DATABASE_URL', 'PORT', 'VORRANG_DEFAULT_LAND', 'VORRANG_DEMO'].sort(),
    );
  });

  it('prints the problems and returns nothing for a command, so it can exit without a stack trace', () => {
    vi.stubEnv('VORRANG_DB_POOL_SIZE', 'viele');
    let printed = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    expect(loadConfigForCommand()).toBeNull();
    expect(printed).toMatch(/VORRANG_DB_POOL_SIZE/);
  });
});
