/**
 * The certificate key `kubeadm init --upload-certs` encrypts the control-plane certificates with
 * (the `kubeadm-certs` Secret) and a joining control plane decrypts them with: a secret that
 * hands out the cluster CA. Rendered configs never hold it; they hold this placeholder, which
 * the install step replaces on the node from `kubeadm certs certificate-key` (`kubeadm alpha
 * certs certificate-key` before 1.20) in a root-only file, as the join token is handled. So the
 * plan preview, `kubelab plan --scripts`, logs and the project file only ever show the
 * placeholder. It is not a valid key (kubeadm wants 64 hex characters), so a config that was
 * never filled in is refused by kubeadm instead of being used with a guessable key.
 */
export const CERTIFICATE_KEY_PLACEHOLDER = 'KUBELAB_CERTIFICATE_KEY_FILLED_ON_THE_NODE';

/** True when `text` still holds the placeholder (a config that must not reach kubeadm as is). */
export function hasCertificateKeyPlaceholder(text: string): boolean {
  return text.includes(CERTIFICATE_KEY_PLACEHOLDER);
}
