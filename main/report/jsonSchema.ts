import { z } from 'zod';
import { ReportSchema } from '../../common/report/model';

/** Where the published schema lives (a unit test fails when it drifts from ReportSchema). */
export const REPORT_SCHEMA_FILE = 'resources/report/report.schema.json';
export const REPORT_SCHEMA_ID = 'https://kubelab.dev/schemas/report-v1.json';

/** The JSON Schema (draft 2020-12) of `kubelab report --format json`, from the zod schema. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' });
  return {
    ...schema,
    $id: REPORT_SCHEMA_ID,
    title: 'kubelab cluster report',
    description:
      'What kubelab built, how, and whether it works. Secrets (bootstrap tokens, certificate keys, passwords, passphrases, private keys) are replaced by "<redacted>".',
  };
}

export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
