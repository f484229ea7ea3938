import pino from 'pino';
import type { Config } from './config.js';

export type Logger = pino.Logger;

/** Structured JSON logs. Request bodies are never logged: they carry social data. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'vorrang' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password'], remove: true },
  });
}
