import type { Signature } from '../signature';
import { ACCESS_SIGNATURES } from './access';
import { CONTROL_PLANE_SIGNATURES } from './controlPlane';
import { DISCOVERY_SIGNATURES } from './discovery';
import { IMAGE_SIGNATURES } from './images';
import { JOIN_SIGNATURES } from './join';
import { NETWORK_SIGNATURES } from './network';
import { NODE_SIGNATURES } from './node';
import { PACKAGE_SIGNATURES } from './packages';
import { POD_NETWORK_SIGNATURES } from './podNetwork';
import { PREFLIGHT_SIGNATURES } from './preflight';
import { UPGRADE_SIGNATURES } from './upgrade';

/** Every known signature (failure-modes.md), grouped by where the failure lives. */
export const SIGNATURES: readonly Signature[] = [
  ...PREFLIGHT_SIGNATURES,
  ...NODE_SIGNATURES,
  ...IMAGE_SIGNATURES,
  ...PACKAGE_SIGNATURES,
  ...JOIN_SIGNATURES,
  ...DISCOVERY_SIGNATURES,
  ...NETWORK_SIGNATURES,
  ...POD_NETWORK_SIGNATURES,
  ...CONTROL_PLANE_SIGNATURES,
  ...ACCESS_SIGNATURES,
  ...UPGRADE_SIGNATURES,
];
