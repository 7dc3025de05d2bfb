import pino, { type Logger } from 'pino';

/** Structured JSON logs, one logger per service; `service` names the process in every line. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}

export type { Logger };
