/**
 * CASE's error payload (imsx_StatusInfo): a major code, a severity, a description, and the field at fault with a
 * minor code from the binding's vocabulary.
 */
export type CodeMinor =
  | 'invalid_selection_field'
  | 'invalid_sort_field'
  | 'invalid_uuid'
  | 'unknownobject'
  | 'server_busy'
  | 'internal_server_error';

export class CaseError extends Error {
  constructor(
    readonly status: number,
    readonly field: string,
    readonly codeMinor: CodeMinor,
    message: string,
    readonly codeMajor: 'failure' | 'unsupported' = 'failure',
  ) {
    super(message);
  }
}

export function statusInfo(err: CaseError) {
  return {
    imsx_codeMajor: err.codeMajor,
    imsx_severity: 'error',
    imsx_description: err.message,
    imsx_codeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: err.field, imsx_codeMinorFieldValue: err.codeMinor }],
    },
  };
}
