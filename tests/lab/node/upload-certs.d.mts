// Types of ./upload-certs.mjs for its unit test (tests/unit/lab/uploadCerts.test.ts).
export const SHARED_CERT_FILES: string[];
export interface CertsSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  type: 'Opaque';
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
}
export function decodeKey(hex: string): Buffer;
export function certsSecret(keyHex: string, pki?: string): CertsSecret;
export function writeDownloadedCerts(secret: CertsSecret, keyHex: string, pki?: string): void;
