import { CsvError, parse } from 'csv-parse/sync';
import type { ImportProblem } from './inventoryImport';

/** One CSV record and the line of the file it starts on (a quoted field may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * The records of a CSV export, by csv-parse (RFC 4180: quoted fields with commas, line breaks and
 * doubled quotes), as spreadsheets write them: a UTF-8 BOM is dropped, blank lines, empty rows
 * (`,,,`) and lines starting with `#` are skipped, spaces around every field are trimmed (quoted
 * ones too: no node field means anything by them) and rows may have fewer or more fields than
 * the header. Text that is not CSV (a quote never closed, text after a closing
 * quote) is one problem naming the line and column where reading stopped.
 */
export function csvRows(text: string): { rows: CsvRow[] } | { problem: ImportProblem } {
  const rows: CsvRow[] = [];
  try {
    parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      on_record: (record: string[], { lines }) => {
        rows.push({
          // `lines` is the line the record ends on. Line breaks inside a record can only be in
          // its quoted fields, one for one with the file's, so count back over them.
          line: lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0),
          fields: record.map((f) => f.trim()),
        });
        return record;
      },
    });
    return { rows };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return { problem: csvProblem(err) };
  }
}

function csvProblem(err: CsvError): ImportProblem {
  const line = typeof err.lines === 'number' ? err.lines : 1;
  const column = typeof err.column === 'number' ? ` (column ${err.column + 1})` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        line,
        message: `a quoted field${column} is never closed: the file ends inside it; add the closing "`,
      };
    case 'INVALID_OPENING_QUOTE':
      return {
        line,
        message: `a quote inside an unquoted field${column}: quote the whole field and write the quote as ""`,
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return {
        line,
        message: `text after a closing quote${column}: write a quote inside a quoted field as ""`,
      };
    default:
      return { line, message: `not valid CSV${column}: ${err.message}` };
  }
}
