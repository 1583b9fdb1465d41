/**
 * A QR code of the current view (the whole URL: route, page state, language), so students open the same
 * state on their phones. Drawn as SVG by qrcode-generator; shown in a modal <dialog>.
 */
import qrcode from 'qrcode-generator';
import { useRef, useState } from 'react';
import { useT } from '../i18n/LangContext';
import { appTexts } from './app.texts';

export function qrSvg(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return qr.createSvgTag({ cellSize: 8, margin: 4, scalable: true });
}

export function QrButton() {
  const t = useT(appTexts);
  const dialog = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState('');
  const open = (): void => {
    const shared = new URL(window.location.href);
    shared.searchParams.delete('present');
    shared.searchParams.delete('theme');
    setUrl(shared.toString());
    dialog.current?.showModal();
  };
  const local = /^(localhost|127\.|\[::1\])/.test(url.replace(/^https?:\/\//, ''));
  return (
    <>
      <button type="button" onClick={open} data-testid="qr-button">
        {t('qrShow')}
      </button>
      <dialog ref={dialog} className="qr-dialog" aria-labelledby="qr-title" data-testid="qr-dialog">
        <h2 id="qr-title">{t('qrTitle')}</h2>
        {url && (
          <div className="qr-code" role="img" aria-label={t('qrAlt', { url })} data-url={url} dangerouslySetInnerHTML={{ __html: qrSvg(url) }} />
        )}
        <p className="qr-url">{url}</p>
        {local && <p className="hint">{t('qrLocal')}</p>}
        <form method="dialog">
          <button type="submit" autoFocus>
            {t('qrClose')}
          </button>
        </form>
      </dialog>
    </>
  );
}
