import type { ErrorCode } from './errors.ts';

export interface ApiError {
  readonly code: ErrorCode;
  /** Developer-facing detail; the UI shows the translation of `code`, never this text alone. */
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
