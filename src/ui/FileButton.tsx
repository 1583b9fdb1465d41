/**
 * A file input that looks like the app's buttons and speaks the UI language (the browser's own shows
 * "Choose File / No file chosen" in the browser's language). The real input stays focusable for the
 * keyboard and for tests (`testId` is on the input); its label is what is seen.
 */
import { useId, type ChangeEvent } from 'react';

export interface FileButtonProps {
  readonly label: string;
  readonly accept?: string;
  readonly multiple?: boolean;
  readonly disabled?: boolean;
  readonly testId?: string;
  readonly onChange: (e: ChangeEvent<HTMLInputElement>) => void;
}

export function FileButton({ label, accept, multiple, disabled, testId, onChange }: FileButtonProps) {
  const id = useId();
  return (
    <span className="file-button">
      <input id={id} type="file" className="file-button-input" accept={accept} multiple={multiple} disabled={disabled} data-testid={testId} onChange={onChange} />
      <label htmlFor={id} className={disabled ? 'file-button-label is-disabled' : 'file-button-label'}>
        {label}
      </label>
    </span>
  );
}
