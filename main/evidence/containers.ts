import type { Remote } from '../engine/remote';
import { readOnly } from './readOnly';

/** Every container the runtime knows, stopped ones included (cri-tools: `crictl ps -a`). */
export const CRICTL_PS = 'crictl ps -a';

/** How many exited containers' logs are read: the failed ones, not every restart's. */
const MAX_LOGS = 3;

/**
 * The ids of exited containers in `crictl ps -a`'s table. Columns (cri-tools
 * cmd/crictl/container.go, ListContainers): CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID
 * POD; CREATED is a relative time with spaces ("2 minutes ago"), so the row is searched for the
 * state word rather than split by column.
 */
export function exitedContainers(table: string): { id: string; row: string }[] {
  return table
    .split('\n')
    .slice(1)
    .map((row) => row.trim())
    .filter((row) => /\s(Exited|CONTAINER_EXITED)\s/.test(row))
    .map((row) => ({ id: row.split(/\s+/)[0] ?? '', row }))
    .filter((c) => /^[0-9a-f]{6,64}$/.test(c.id))
    .slice(0, MAX_LOGS);
}

export interface ContainerEvidence {
  source: string;
  text: string;
}

/** `crictl ps -a`, then the last lines of each exited container (a crashed API server's why). */
export async function containerEvidence(remote: Remote, ms: number): Promise<ContainerEvidence[]> {
  const started = Date.now();
  const table = await readOnly(remote, `${CRICTL_PS} 2>&1`, ms);
  const out: ContainerEvidence[] = [{ source: CRICTL_PS, text: table }];
  const left = ms - (Date.now() - started);
  if (left <= 0) return out;
  const exited = exitedContainers(table);
  const logs = await Promise.all(
    exited.map((c) => readOnly(remote, `crictl logs --tail 40 ${c.id} 2>&1`, left)),
  );
  exited.forEach((c, i) =>
    out.push({ source: `crictl logs --tail 40 ${c.id}`, text: logs[i] ?? '' }),
  );
  return out;
}
