import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { runRemoveNode } from './removeNodeCommand';
import { runRenewCerts } from './renewCertsCommand';

/** Both commands refuse before a project is opened: bad input names its field, --yes is asked. */
const io = { out: (): void => undefined, err: (): void => undefined, tty: false };
const missing = '/nonexistent/kubelab.yaml';

describe('kubelab certs renew', () => {
  const base = { file: missing, yes: false, acceptNewHostKeys: false, verbose: false };

  it('an unknown --cert is an error naming the field, before anything else', async () => {
    await expect(runRenewCerts({ ...base, yes: true, cert: ['ca'] }, io)).rejects.toThrow(
      /--cert: params\.certs\.0: /,
    );
  });

  it('asks for --yes, saying the API servers restart', async () => {
    const p = runRenewCerts(base, io);
    await expect(p).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runRenewCerts(base, io)).rejects.toThrow(/restarts its static pods.*--yes/);
  });
});

describe('kubelab remove-node', () => {
  const base = {
    file: missing,
    node: 'node2',
    yes: false,
    unreachable: false,
    lastControlPlane: false,
    forceQuorumLoss: false,
    acceptNewHostKeys: false,
    verbose: false,
  };

  it('asks for --yes, naming what is destroyed', async () => {
    await expect(runRemoveNode(base, io)).rejects.toThrow(
      /removes node2 from the cluster\. Destroyed: .*etcd member.*--yes/,
    );
  });

  it('an empty node id is an error naming the field', async () => {
    await expect(runRemoveNode({ ...base, node: '', yes: true }, io)).rejects.toThrow(
      /NODE: params\.nodeId: /,
    );
  });
});
