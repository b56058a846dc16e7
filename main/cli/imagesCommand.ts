import type { Command } from 'commander';
import { defaultImageRepository, kubeadmImages, resolveVersion } from '../../common/catalog/images';
import { NEWEST_MINOR, OLDEST_MINOR } from '../../common/catalog/kubernetesVersions';
import { isImageRepository } from '../../common/plan/safeText';

/** Where a command writes; tests pass a capturing one. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processCliIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export interface ImagesOptions {
  version: string;
  imageRepository?: string;
  json?: boolean;
}

/** Exit status for bad arguments, as commander uses for usage errors. */
export const EXIT_USAGE = 2;

/**
 * `kubelab images`: the images a Kubernetes version needs, one per line exactly as
 * `kubeadm config images list --kubernetes-version vX.Y.Z [--image-repository R]` prints them,
 * so an offline mirror can be filled before the install. Returns the exit status.
 */
export function runImages(options: ImagesOptions, io: CliIo): number {
  const v = resolveVersion(options.version);
  if (!v) {
    io.stderr(
      `kubelab: --version ${options.version} is not in the catalog; use 1.${OLDEST_MINOR}.x to 1.${NEWEST_MINOR}.x (e.g. 1.18.2, or 1.28 for its default patch).\n`,
    );
    return EXIT_USAGE;
  }
  const repo = options.imageRepository;
  if (repo !== undefined && !isImageRepository(repo)) {
    io.stderr(
      `kubelab: --image-repository "${repo}" is not an image repository (e.g. registry.cn-hangzhou.aliyuncs.com/google_containers).\n`,
    );
    return EXIT_USAGE;
  }
  if (v.beyondCatalog) {
    // No list is known past the catalog; printing 1.N-1's tags would fill a mirror wrongly.
    io.stderr(
      `kubelab: ${v.version} is newer than the catalog (1.${OLDEST_MINOR} to 1.${NEWEST_MINOR}), so no image list is known: an install takes it from the node's kubeadm. Ask a kubeadm of that version (kubeadm config images list --kubernetes-version v${v.version}), or regenerate the catalog (npm run catalog:update).\n`,
    );
    return 1;
  }
  const images = kubeadmImages(v, repo);
  if (v.inferred) {
    io.stderr(
      `kubelab: warning: ${v.version} is newer than the catalog's newest 1.${v.minor} release (${v.release.version}); the pause, etcd and CoreDNS tags are those of ${v.release.version}. The install takes the list from the node's own kubeadm.\n`,
    );
  } else if (!v.verified) {
    io.stderr(
      `kubelab: note: no published list of ${v.version} was checked; the pause, etcd and CoreDNS tags are inferred from kubeadm's changes (${v.release.sources.join(', ')}).\n`,
    );
  }
  if (options.json) {
    const out = {
      version: v.version,
      imageRepository: repo ?? defaultImageRepository(v),
      verified: v.verified,
      inferred: v.inferred,
      images,
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout(images.map((image) => `${image}\n`).join(''));
  }
  return 0;
}

export function registerImages(program: Command): void {
  // `images --version` must reach the subcommand, not print kubelab's own version: program
  // options (-V/--version, --help) are only recognised before the subcommand name.
  program.enablePositionalOptions();
  program
    .command('images')
    .description(
      'list the images a Kubernetes version needs, as `kubeadm config images list` prints them',
    )
    .requiredOption('--version <version>', 'Kubernetes version, e.g. 1.18.2 or v1.34.0')
    .option('--image-repository <repository>', 'registry to pull from instead of the default')
    .option('--json', 'print JSON (version, repository, images)')
    .action((opts: ImagesOptions) => {
      process.exitCode = runImages(opts, processCliIo);
    });
}
