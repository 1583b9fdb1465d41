/**
 * The file part of ImageSource: a drop zone holding the file input (data-testid="image-input") and
 * its visible label. Keyboard: the input itself takes focus (the label shows the focus ring) and
 * opens the dialog with Enter or Space; a click anywhere in the zone opens it too.
 */
import { useEffect, useId, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { useT } from '../i18n/LangContext';
import { imageSourceTexts } from './imageSource.texts';

export interface PickedFile {
  readonly file: File;
  /** How many files came along (only the first image is used). */
  readonly count: number;
}

/** The first image file of a list (by MIME type), else the first file; null for no file at all. */
export function pickFile(list: FileList | null | undefined): PickedFile | null {
  const files = [...(list ?? [])];
  const file = files.find((f) => f.type.startsWith('image/')) ?? files[0];
  return file ? { file, count: files.length } : null;
}

const carriesFiles = (e: globalThis.DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');

interface DropZoneProps {
  /** A file was chosen or dropped; null when something without a file (a link, text) was dropped. */
  readonly onFile: (picked: PickedFile | null) => void;
}

export function DropZone({ onFile }: DropZoneProps) {
  const t = useT(imageSourceTexts);
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const depth = useRef(0); // dragenter/dragleave also fire for children
  const [over, setOver] = useState(false);

  // A file dropped next to the zone must not make the browser leave the app to open it.
  useEffect(() => {
    const prevent = (e: globalThis.DragEvent): void => {
      if (carriesFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', prevent);
    window.addEventListener('drop', prevent);
    return () => {
      window.removeEventListener('dragover', prevent);
      window.removeEventListener('drop', prevent);
    };
  }, []);

  const onChange = (e: ChangeEvent<HTMLInputElement>): void => {
    const picked = pickFile(e.target.files);
    e.target.value = ''; // choosing the same file again must fire `change` again
    if (picked) onFile(picked);
  };

  return (
    <div
      className={over ? 'imgsrc-drop is-over' : 'imgsrc-drop'}
      data-testid="drop-zone"
      onDragEnter={(e: DragEvent) => {
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        onFile(pickFile(e.dataTransfer.files));
      }}
      onClick={(e) => {
        // The label and the input open the dialog by themselves.
        if (!(e.target as Element).closest('label, input')) inputRef.current?.click();
      }}
    >
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept="image/*"
        className="imgsrc-file"
        data-testid="image-input"
        aria-describedby={hintId}
        onChange={onChange}
      />
      <label htmlFor={inputId} className="imgsrc-button imgsrc-choose">
        {t('chooseFile')}
      </label>
      <p id={hintId} className="imgsrc-hint">
        {over ? t('dropRelease') : t('dropHint')}
      </p>
    </div>
  );
}
