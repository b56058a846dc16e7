import { Command } from 'commander';
import { OPERATIONS, type OperationInfo } from '../../common/catalog/operations';
import { KUBELAB_VERSION } from '../version';
import { helpLang, operationsHelp } from './operationsHelp';
import { registerAddNode } from './addNodeCommand';
import { registerCerts } from './certsCommand';
import { registerToken } from './tokenCommand';
import { registerApply } from './applyCommand';
import { registerDiagnose } from './diagnoseCommand';
import { registerEtcd } from './etcdCommand';
import { registerExport } from './exportCommand';
import { registerImages } from './imagesCommand';
import { registerInit } from './initCommand';
import { registerKubeconfig } from './kubeconfigCommand';
import { registerNodes } from './nodesCommand';
import { registerPlan } from './planCommand';
import { registerPreflight } from './preflightCommand';
import { registerReport } from './reportCommand';
import { registerRemoveNode } from './removeNodeCommand';
import { registerReplaceNode } from './replaceNodeCommand';
import { registerReset } from './resetCommand';
import { registerSecrets } from './secretsCommand';
import { registerServe } from './serveCommand';
import { registerVerify } from './verifyCommand';
import { registerStatus } from './statusCommand';
import { registerUpgrade } from './upgradeCommand';
import { registerRuns } from './runsCommand';
import { registerSupportBundle } from './supportBundleCommand';
import { registerBundle } from './bundleCommand';
import { registerHaStatus } from './haStatusCommand';
import { registerHaFailover } from './haFailoverCommand';

/**
 * The `kubelab` command line; each subcommand registers itself from its own file. The help's
 * list of cluster operations comes from the catalog (`operations`; tests pass a fixture one).
 */
export function buildProgram(
  operations: readonly OperationInfo[] = OPERATIONS,
  lang: 'en' | 'zh' = helpLang(),
): Command {
  const program = new Command('kubelab')
    .description('Install a kubeadm Kubernetes cluster on your own Linux machines over SSH.')
    .version(KUBELAB_VERSION, '-V, --version', 'print the kubelab version')
    .showHelpAfterError()
    .addHelpText('after', operationsHelp(operations, lang));
  registerServe(program);
  registerDiagnose(program);
  registerImages(program);
  registerInit(program);
  registerPreflight(program);
  registerVerify(program);
  registerReport(program);
  registerPlan(program);
  registerApply(program);
  registerAddNode(program);
  registerReset(program);
  registerRemoveNode(program);
  registerReplaceNode(program);
  registerStatus(program);
  registerNodes(program);
  registerSecrets(program);
  registerUpgrade(program);
  registerCerts(program);
  registerRuns(program);
  registerSupportBundle(program);
  registerBundle(program);
  registerToken(program);
  registerEtcd(program);
  registerKubeconfig(program);
  registerExport(program);
  registerHaStatus(program);
  registerHaFailover(program);
  return program;
}
