import pino, { type DestinationStream } from 'pino';
import type { Logger } from './route.js';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Keys whose values never reach a log: credentials, and SQL parameters (they carry user data). */
const secretKey =
  /^(authorization|proxy-authorization|cookie|set-cookie|api[-_]?key|apikey|secret|password|token|key|params|parameters|values|variables)$/i;
const REDACTED = '[Redacted]';

/** Bearer tokens and Stratum API keys inside free text (an error message quoting a header, a URL). */
function redactText(text: string): string {
  return (
    text
      .replace(/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`)
      .replace(/\bstrat_[A-Za-z0-9_-]{8,}/g, REDACTED)
      // drizzle's "Failed query: <sql>\nparams: <values>": keep the statement, drop the values.
      .replace(/\nparams: [\s\S]*$/, `\nparams: ${REDACTED}`)
  );
}

/**
 * A log-safe copy of `value`: errors become `{ type, message, code, stack, cause }`, secret-named keys and SQL
 * parameters are replaced by "[Redacted]", tokens in text are masked, depth and list lengths are bounded.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactText(value.length > 4000 ? `${value.slice(0, 4000)}…` : value);
  if (typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth > 5) return '[…]';
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return {
      type: e.name,
      message: redactText(e.message),
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.stack ? { stack: redactText(e.stack) } : {}),
      ...(e.cause !== undefined ? { cause: redact(e.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, 50).map((v) => redact(v, depth + 1));
    return value.length > 50 ? [...shown, `… ${value.length - 50} more`] : shown;
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = secretKey.test(k) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

/**
 * Structured JSON logs (pino, one object per line on stderr; stdout stays for command output). `detail` is
 * passed through `redact`; a newline in any value is escaped by JSON, so no value can forge a log line.
 */
export function jsonLogger(
  level: Level = 'info',
  destination: DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const at = (l: Exclude<Level, 'silent'>) => (message: string, detail?: unknown) => {
    if (detail === undefined) logger[l](redactText(message));
    else logger[l]({ detail: redact(detail) }, redactText(message));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The server's and CLI's logger (kept under its old name for callers). */
export const consoleLogger = jsonLogger;
