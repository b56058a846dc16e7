/**
 * Regenerates the published JSON Schema of the report:  npx jiti main/report/writeSchema.ts
 * (main/report/jsonSchema.test.ts fails when the file is stale).
 */
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { REPORT_SCHEMA_FILE, reportJsonSchemaText } from './jsonSchema';

// Formatted as the repository's `prettier --check .` expects.
await writeFile(
  REPORT_SCHEMA_FILE,
  await format(reportJsonSchemaText(), {
    ...(await resolveConfig(REPORT_SCHEMA_FILE)),
    filepath: REPORT_SCHEMA_FILE,
  }),
);
process.stdout.write(`wrote ${REPORT_SCHEMA_FILE}\n`);
