import { z } from 'zod';
import { Empty } from './empty';

/**
 * The practice lab (tests/lab): a kubeadm-world imitation on this machine, for trying kubelab
 * without machines of one's own. It needs Linux and root; elsewhere every call answers with
 * `available: false` and the reason, so the UI can say so instead of failing.
 */

/** A scenario name as the lab's files are named (`guide`, `swap-on`, …): nothing path-like. */
export const LabScenarioNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a scenario name such as guide or swap-on');

export const LabScenarioSchema = z.object({
  name: LabScenarioNameSchema,
  /** One line: what this scenario is and, for a failure scenario, what goes wrong. */
  description: z.string(),
  /** The same in Simplified Chinese (the scenario file's `description_zh`), where it has one. */
  descriptionZh: z.string().optional(),
});
export type LabScenario = z.infer<typeof LabScenarioSchema>;

export const LabNodeSchema = z.object({
  name: z.string(),
  address: z.string(),
  role: z.string(),
  /** Not in the project: a node the scenario adds later (the guide's node3). */
  later: z.boolean(),
});
export type LabNode = z.infer<typeof LabNodeSchema>;

export const LabStatusSchema = z.object({
  /** False off Linux or without root; `reason` says which, in words for the user. */
  available: z.boolean(),
  reason: z.string().optional(),
  up: z.boolean(),
  scenario: z.string().optional(),
  nodes: z.array(LabNodeSchema),
  /** True when this kubelab brought the lab up, so it takes it down when it stops. */
  owned: z.boolean(),
  /** The project file written for the running lab (opened by lab.up). */
  projectPath: z.string().optional(),
});
export type LabStatus = z.infer<typeof LabStatusSchema>;

export const labRequests = {
  'lab.scenarios': {
    payload: Empty,
    result: z.object({
      available: z.boolean(),
      reason: z.string().optional(),
      scenarios: z.array(LabScenarioSchema),
    }),
  },
  'lab.status': { payload: Empty, result: LabStatusSchema },
  /** Brings the scenario up (or reuses it) and opens its project: nodes with pinned host keys. */
  'lab.up': {
    payload: z.object({ scenario: LabScenarioNameSchema }).strict(),
    result: LabStatusSchema,
  },
  /** Takes the lab down: only the lab's own processes, namespaces, bridge and mounts. */
  'lab.down': { payload: Empty, result: LabStatusSchema },
} as const;
