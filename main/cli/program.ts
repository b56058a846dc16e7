import { Command } from 'commander';
import { KUBELAB_VERSION } from '../version';
import { registerDiagnose } from './diagnoseCommand';
import { registerImages } from './imagesCommand';
import { registerInit } from './initCommand';
import { registerPreflight } from './preflightCommand';
import { registerServe } from './serveCommand';

/** The `kubelab` command line; each subcommand registers itself from its own file. */
export function buildProgram(): Command {
  const program = new Command('kubelab')
    .description('Install a kubeadm Kubernetes cluster on your own Linux machines over SSH.')
    .version(KUBELAB_VERSION, '-V, --version', 'print the kubelab version')
    .showHelpAfterError();
  registerServe(program);
  registerDiagnose(program);
  registerImages(program);
  registerInit(program);
  registerPreflight(program);
  return program;
}
