import { inspect } from 'node:util';
import type { Logger } from './route.js';

const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof levels)[number];

/** A leveled logger on stderr (stdout stays for command output); `detail` is printed with util.inspect. */
export function consoleLogger(level: Level = 'info'): Logger {
  const min = levels.indexOf(level);
  const at = (l: Exclude<Level, 'silent'>) => (message: string, detail?: unknown) => {
    if (levels.indexOf(l) < min) return;
    const line = `${new Date().toISOString()} ${l.toUpperCase()} ${message}`;
    console.error(detail === undefined ? line : `${line} ${inspect(detail, { depth: 6, breakLength: 120 })}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
