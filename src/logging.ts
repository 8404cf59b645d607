import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The levels LOG_LEVEL accepts, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys pino replaces with "[redacted]" wherever a log call passes them, up to three levels down
 * (`config.neo4j.password`). The server never hands these to the logger on purpose (a request line
 * has no headers and no variables); this catches the day someone logs a request, a config or an
 * error object that carries one.
 */
export const REDACTED_KEYS = ['authorization', 'apiKey', 'password', 'variables', 'cookie'] as const;

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default: stdout, written synchronously so nothing is lost on exit. */
  destination?: DestinationStream;
}

/**
 * Given a level and a destination, produces the process's logger: one JSON object per line with
 * `level` as a name ("info"), an ISO `time`, `pid` and `hostname`, secrets redacted (REDACTED_KEYS).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Names rather than pino's numbers: log search tools and people read "error" directly.
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A logger that drops everything: the default of startHttpServer, so tests stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * An incoming request id is used only when it looks like one (UUIDs, ULIDs, trace ids, hex or
 * base64 tokens): at most 128 characters of letters, digits and `._:/+=-`. Anything else could
 * forge log lines' structure or bloat every line, so it is replaced.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/** Given an `x-request-id` header value, produces it when sane (see SANE_REQUEST_ID), else a new random UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}
