import { InvalidArgumentError } from 'commander';

/** Parses a TCP port option, naming the flag in the error. */
export function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(
      `${flag} must be a port number from 0 to 65535, got "${value}".`,
    );
  }
  return port;
}
