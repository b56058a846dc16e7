import type { Signature } from '../signature';
import { CONTROL_PLANE_SIGNATURES } from './controlPlane';
import { IMAGE_SIGNATURES } from './images';
import { JOIN_SIGNATURES } from './join';
import { NETWORK_SIGNATURES } from './network';
import { NODE_SIGNATURES } from './node';
import { PACKAGE_SIGNATURES } from './packages';

/** Every known signature (failure-modes.md), grouped by where the failure lives. */
export const SIGNATURES: readonly Signature[] = [
  ...NODE_SIGNATURES,
  ...IMAGE_SIGNATURES,
  ...PACKAGE_SIGNATURES,
  ...JOIN_SIGNATURES,
  ...NETWORK_SIGNATURES,
  ...CONTROL_PLANE_SIGNATURES,
];
