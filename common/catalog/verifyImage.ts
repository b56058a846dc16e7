import { mirrorImage, type CniRegistry } from './mirrors';

/**
 * The image of `kubelab verify`'s test pods: a small image with ping and nslookup. busybox 1.28 is
 * the one Kubernetes' DNS debugging page long used for `nslookup kubernetes.default`: its nslookup
 * resolves through libc (search domains honoured); the rewritten nslookup of 1.29+ mishandles
 * cluster search domains (docker-library/busybox#48).
 */
export const VERIFY_TEST_IMAGE = 'docker.io/library/busybox:1.28';

/**
 * The name a node pulls the test image by: through the plan's Docker Hub mirror online; with no
 * internet (plan.offline) the name the bundle imported it under, which is the image's own — as
 * the CNI's images, whose manifest is applied unchanged.
 */
export function verifyTestImage(
  offline: boolean | undefined,
  registries: Record<CniRegistry, string> | undefined,
): string {
  return offline === true || registries === undefined
    ? VERIFY_TEST_IMAGE
    : mirrorImage(VERIFY_TEST_IMAGE, registries);
}
