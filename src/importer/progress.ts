import cliProgress from 'cli-progress';

export type ImportProgress = { file: string; rowsRead: number; rowsTotal: number | null };

/**
 * Progress display: a cli-progress bar per file on a terminal, otherwise a plain line at most every
 * `intervalMs` (and at the end of each file), so logs stay readable.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;
  private currentFile: string | null = null;
  private lastLine = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 2000,
  ) {}

  update(p: ImportProgress): void {
    if (this.stream.isTTY) {
      if (this.currentFile !== p.file) {
        this.bar?.stop();
        this.currentFile = p.file;
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format:
              p.rowsTotal === null
                ? `${p.file} | {value} rows | {duration_formatted}`
                : `${p.file} [{bar}] {percentage}% | {value}/{total} rows | ETA {eta_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(p.rowsTotal ?? 0, 0);
      }
      this.bar?.update(p.rowsRead);
      return;
    }
    const now = Date.now();
    const fileChanged = this.currentFile !== p.file;
    const done = p.rowsTotal !== null && p.rowsRead >= p.rowsTotal;
    if (fileChanged || done || now - this.lastLine >= this.intervalMs) {
      this.currentFile = p.file;
      this.lastLine = now;
      this.stream.write(`import ${p.file}: ${p.rowsRead}${p.rowsTotal === null ? '' : `/${p.rowsTotal}`} rows\n`);
    }
  }

  /** Ends the current file's bar or prints its final line. */
  finishFile(p: ImportProgress): void {
    if (this.stream.isTTY) {
      this.bar?.update(p.rowsRead);
      this.bar?.stop();
      this.bar = null;
      this.currentFile = null;
      return;
    }
    this.stream.write(`import ${p.file}: ${p.rowsRead} rows, done\n`);
    this.currentFile = null;
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
