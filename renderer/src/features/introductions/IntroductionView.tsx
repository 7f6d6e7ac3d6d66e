import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Introduction } from '../../../../shared/api/contract.ts';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { displayName } from '../../../../shared/domain/names.ts';
import type { IntroductionPerson } from '../../../../shared/insights/introductions.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { SelectField, TextAreaField } from '../../ui/Field.tsx';
import { useToasts } from '../../ui/Toasts.tsx';
import { ContactPicker, type PickedContact } from '../contacts/ContactPicker.tsx';
import { composeIntroduction } from './compose.ts';

type Language = 'ja' | 'en';

/** 紹介: two people, why they may help each other, and a message drafted from what each may hear. */
export function IntroductionView({ first }: { readonly first?: ContactId | undefined }) {
  const { t, i18n } = useTranslation();
  const start = useApiQuery('getContact', { id: first ?? '' }, { enabled: Boolean(first) });
  // The person whose page this was opened from, until the user picks someone else.
  const [picked, setA] = useState<PickedContact[] | undefined>();
  const a = picked ?? (first && start.data ? [{ id: first, name: displayName(start.data) }] : []);
  const [b, setB] = useState<PickedContact[]>([]);
  const pair = a[0] && b[0] && a[0].id !== b[0].id ? { a: a[0].id, b: b[0].id } : undefined;
  const introduction = useApiQuery('getIntroduction', pair ?? { a: '', b: '' }, { enabled: Boolean(pair) });
  return (
    <section className="view" aria-labelledby="introduce-title">
      <header className="view-header">
        <div>
          <h1 id="introduce-title">{t('introductions.title')}</h1>
        </div>
      </header>
      <p className="lead">{t('introductions.lead')}</p>
      <div className="introduce-page">
        <div className="card grid-2">
          <ContactPicker label={t('introductions.a')} value={a} onChange={setA} />
          <ContactPicker label={t('introductions.b')} value={b} onChange={setB} error={a[0] && b[0] && a[0].id === b[0].id ? t('introductions.pickTwo') : undefined} />
        </div>
        <ErrorMessage error={introduction.error} />
        {pair && introduction.data ? <IntroductionDetail key={`${pair.a}:${pair.b}`} introduction={introduction.data} defaultLanguage={i18n.language.startsWith('ja') ? 'ja' : 'en'} /> : null}
      </div>
    </section>
  );
}

function IntroductionDetail({ introduction, defaultLanguage }: { readonly introduction: Introduction; readonly defaultLanguage: Language }) {
  const { t, i18n } = useTranslation();
  const toasts = useToasts();
  const log = useApiMutation('addInteraction');
  const [language, setLanguage] = useState<Language>(defaultLanguage);
  /** The draft in a language's template (plain text: nothing is HTML-escaped). */
  const draftIn = (lng: Language) => composeIntroduction(introduction, (key, values) => i18n.t(`introductionTemplate.${key}` as 'introductionTemplate.greeting', { ...values, lng, interpolation: { escapeValue: false } }), lng);
  const [draft, setDraft] = useState(() => draftIn(defaultLanguage));
  const [copyFailed, setCopyFailed] = useState(false);
  const { a, b, reasons } = introduction;
  const onLanguage = (next: Language) => {
    setLanguage(next);
    setDraft(draftIn(next));
  };
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(draft);
      setCopyFailed(false);
      toasts.show(t('introductions.copied'));
    } catch {
      setCopyFailed(true);
    }
  };
  const onLog = () =>
    log.mutate(
      { contactIds: [a.id, b.id], occurredAt: Date.now(), kind: 'introduction', direction: 'gave', weight: 2, summary: t('introductions.logSummary', { a: a.name, b: b.name }) },
      { onSuccess: () => toasts.show(t('introductions.logged', { a: a.name, b: b.name })) },
    );
  const matched = reasons.aHelpsB.length + reasons.bHelpsA.length + reasons.sharedInterests.length > 0;
  return (
    <>
      <section className="card" aria-labelledby="why-title">
        <h2 id="why-title">{t('introductions.why')}</h2>
        {matched ? (
          <ul className="plain-list">
            {reasons.aHelpsB.map((match) => (
              <li key={`a:${match.offer}:${match.need}`}>{t('introductions.helps', { helper: a.name, helped: b.name, offer: match.offer, need: match.need })}</li>
            ))}
            {reasons.bHelpsA.map((match) => (
              <li key={`b:${match.offer}:${match.need}`}>{t('introductions.helps', { helper: b.name, helped: a.name, offer: match.offer, need: match.need })}</li>
            ))}
            {reasons.sharedInterests.length > 0 ? <li>{t('introductions.shared', { topics: reasons.sharedInterests.join(', ') })}</li> : null}
          </ul>
        ) : (
          <p className="meta">{t('introductions.noMatch')}</p>
        )}
        <div className="people-columns">
          <AsHeard person={a} />
          <AsHeard person={b} />
        </div>
        <p className="field-hint">{t('introductions.safety')}</p>
      </section>
      <section className="card" aria-labelledby="draft-title">
        <div className="goal-header">
          <h2 id="draft-title">{t('introductions.draft')}</h2>
          <SelectField label={t('introductions.language')} className="narrow-field" value={language} onChange={(e) => onLanguage(e.target.value as Language)}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </SelectField>
        </div>
        <TextAreaField label={t('introductions.draft')} className="visually-hidden-label" rows={14} value={draft} onChange={(e) => setDraft(e.target.value)} />
        {copyFailed ? <p className="field-error">{t('introductions.copyFailed')}</p> : null}
        <ErrorMessage error={log.error} />
        <div className="form-actions">
          <button type="button" onClick={() => void onCopy()}>
            {t('introductions.copy')}
          </button>
          <button type="button" className="primary" onClick={onLog} disabled={log.isPending || log.isSuccess}>
            {t('introductions.log')}
          </button>
        </div>
      </section>
    </>
  );
}

function AsHeard({ person }: { readonly person: IntroductionPerson }) {
  const { t } = useTranslation();
  const fields = (['strengths', 'interests', 'needs'] as const).filter((field) => person[field].length > 0);
  return (
    <div>
      <h3>{person.name}</h3>
      {fields.length === 0 ? <p className="meta">{t('introductions.nothing')}</p> : null}
      <dl className="facts">
        {fields.map((field) => (
          <div key={field}>
            <dt>{t(`introductions.${field}`)}</dt>
            <dd>{person[field].join('、')}</dd>
          </div>
        ))}
      </dl>
      {person.withheld > 0 ? <p className="meta">{t('introductions.withheld', { count: person.withheld })}</p> : null}
    </div>
  );
}
