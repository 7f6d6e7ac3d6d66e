import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface Labelled {
  readonly label: string;
  /** Already translated. */
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly className?: string;
}

function useDescribed(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return { id, describedBy };
}

function FieldFrame({ id, label, required, error, hint, className, children }: Labelled & { id: string; required?: boolean | undefined; children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** A labelled input whose error and hint are announced with it; `action` (a button) sits beside the input. */
export function Field({ label, error, hint, className, required, action, ...input }: Labelled & { readonly action?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const { id, describedBy } = useDescribed(error, hint);
  const control = <input id={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />;
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint} className={className}>
      {action ? (
        <div className="field-with-action">
          {control}
          {action}
        </div>
      ) : (
        control
      )}
    </FieldFrame>
  );
}

export function SelectField({ label, error, hint, className, required, children, ...select }: Labelled & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  const { id, describedBy } = useDescribed(error, hint);
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint} className={className}>
      <select id={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

export function TextAreaField({ label, error, hint, className, required, ...area }: Labelled & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  const { id, describedBy } = useDescribed(error, hint);
  return (
    <FieldFrame id={id} label={label} required={required} error={error} hint={hint} className={className}>
      <textarea id={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} rows={3} {...area} />
    </FieldFrame>
  );
}
