import { useEffect, useState } from 'react';
import type { PassphraseAssessment } from '../../../../shared/domain/passphrase.ts';

type Assess = (passphrase: string) => PassphraseAssessment;

/**
 * The strength estimator carries ~2.5 MB of word lists; it loads only on the create screen, so
 * everyday start-up never parses it. Undefined until loaded.
 */
export function usePassphraseAssessor(): Assess | undefined {
  const [assess, setAssess] = useState<Assess>();
  useEffect(() => {
    let live = true;
    void import('../../../../shared/domain/passphrase.ts').then((module) => {
      if (live) setAssess(() => module.assessPassphrase);
    });
    return () => {
      live = false;
    };
  }, []);
  return assess;
}
