/**
 * What every `bllvm` command shares on the way out: the exit statuses (0 valid / passed / help,
 * 1 invalid / failed, 2 unreadable input, bad arguments or a command this installation cannot
 * run) and the report format (one JSON object per line with --json, else `key: value` lines).
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type Report = Readonly<Record<string, unknown>>;

/** A report on stdout: one JSON line, or one `key: value` line per field (lists joined with `; `, objects as JSON). */
export function printReport(report: Report, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  for (const [key, value] of Object.entries(report)) {
    const text = Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    process.stdout.write(`${key}: ${text}\n`);
  }
}
