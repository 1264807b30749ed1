/**
 * Questions specs ask of the recorded IPC traffic.
 */
import type { IpcRecord } from './page-bridge';

/**
 * Every secret that appears anywhere in the recorded calls (inputs excluded) and events.
 *
 * A secret may legitimately travel renderer→main once (the user typing a
 * key into "Add connection"), so call inputs are skipped unless
 * `includeInputs` is set; results and events must never carry one.
 * Returns the leaked secrets with where they were seen; empty means clean.
 */
export function findSecretLeaks(log: readonly IpcRecord[], secrets: readonly string[], includeInputs = false): string[] {
  const wanted = secrets.filter((s) => s.length >= 4);
  const leaks: string[] = [];
  for (const record of log) {
    const parts: Array<[string, unknown]> =
      record.kind === 'call'
        ? [
            ...(includeInputs ? ([[`${record.channel} input`, record.input]] as Array<[string, unknown]>) : []),
            [`${record.channel} result`, record.result],
          ]
        : [[`${record.event} event`, record.payload]];
    for (const [where, value] of parts) {
      const text = JSON.stringify(value) ?? '';
      for (const secret of wanted) if (text.includes(secret)) leaks.push(`${where} contains a secret (…${secret.slice(-4)})`);
    }
  }
  return leaks;
}
