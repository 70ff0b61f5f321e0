/**
 * The one error type of `shared/decompose`: thrown when an input cannot be decomposed as asked
 * (bad option, too short, non-positive data for a multiplicative model, no observations).
 * `code` lets a caller choose a fallback (e.g. retry additive) without parsing the message.
 */
export type DecompositionErrorCode =
  | 'invalid-option'
  | 'too-short'
  | 'non-positive'
  | 'missing-values'
  | 'no-observations';

export class DecompositionError extends Error {
  constructor(
    message: string,
    public readonly code: DecompositionErrorCode,
  ) {
    super(message);
    this.name = 'DecompositionError';
  }
}
