import {
  useId,
  type InputHTMLAttributes,
  type JSX,
  type ReactNode,
  type SelectHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from './fieldErrors';
import './form.css';

interface FieldFrameProps {
  label: string;
  hint?: ReactNode;
  problem?: FieldProblem;
  children(ids: { id: string; describedBy: string | undefined; invalid: boolean }): ReactNode;
}

/** Label, control, hint and error in one column; the control is described by both texts. */
export function FieldFrame({ label, hint, problem, children }: FieldFrameProps): JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = problem ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${problem ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(problem) })}
      {problem && (
        <div id={errorId} className="field-error" role="alert">
          {t(problem.key, { ...problem.values, defaultValue: problem.fallback })}
        </div>
      )}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> & {
  label: string;
  value: string;
  onValue(value: string): void;
  hint?: ReactNode;
  problem?: FieldProblem;
};

export function TextField({
  label,
  value,
  onValue,
  hint,
  problem,
  ...rest
}: TextFieldProps): JSX.Element {
  return (
    <FieldFrame label={label} hint={hint} problem={problem}>
      {({ id, describedBy, invalid }) => (
        <input
          {...rest}
          id={id}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onValue(e.target.value)}
        />
      )}
    </FieldFrame>
  );
}

type SelectFieldProps<V extends string> = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'onChange' | 'value'
> & {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onValue(value: V): void;
  hint?: ReactNode;
  problem?: FieldProblem;
};

export function SelectField<V extends string>({
  label,
  value,
  options,
  onValue,
  hint,
  problem,
  ...rest
}: SelectFieldProps<V>): JSX.Element {
  return (
    <FieldFrame label={label} hint={hint} problem={problem}>
      {({ id, describedBy, invalid }) => (
        <select
          {...rest}
          id={id}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => {
            const chosen = options.find((o) => o.value === e.target.value);
            if (chosen) onValue(chosen.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** Number input that reports NaN as undefined, so "required" rather than "expected number". */
export function NumberField({
  value,
  onValue,
  ...rest
}: Omit<TextFieldProps, 'value' | 'onValue' | 'type'> & {
  value: number | undefined;
  onValue(value: number | undefined): void;
}): JSX.Element {
  return (
    <TextField
      {...rest}
      type="number"
      inputMode="numeric"
      value={value === undefined || Number.isNaN(value) ? '' : String(value)}
      onValue={(text) => onValue(text.trim() === '' ? undefined : Number(text))}
    />
  );
}
