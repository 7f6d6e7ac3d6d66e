import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const MIN_PASSPHRASE_LENGTH = 10;
/** zxcvbn score 3: "safely unguessable", about 10^10 guesses, before Argon2id slows each guess. */
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseStrength = 0 | 1 | 2 | 3 | 4;

export interface PassphraseAssessment {
  readonly strength: PassphraseStrength;
  readonly acceptable: boolean;
  /** Why it is not acceptable, as an i18n key; absent when acceptable. */
  readonly problem?: 'passphrase.tooShort' | 'passphrase.tooGuessable';
}

let estimator: ZxcvbnFactory | undefined;

function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** One rule, used by the create-vault form and enforced again by the vault service. */
export function assessPassphrase(passphrase: string): PassphraseAssessment {
  const length = [...passphrase].length;
  // zxcvbn is quadratic-ish in length; beyond 100 characters the score is 4 in practice.
  const strength: PassphraseStrength = length > 100 ? 4 : getEstimator().check(passphrase).score;
  if (length < MIN_PASSPHRASE_LENGTH) return { strength, acceptable: false, problem: 'passphrase.tooShort' };
  if (strength < MIN_PASSPHRASE_SCORE) return { strength, acceptable: false, problem: 'passphrase.tooGuessable' };
  return { strength, acceptable: true };
}
