import { defineTexts } from '../i18n/texts';

/** Texts of the shared image source (ImageSource, WebcamControls, SampleGallery). */
export const imageSourceTexts = defineTexts('ui.imageSource', {
  ru: {
    groupLabel: 'Источник изображения',
    chooseFile: 'Выбрать изображение…',
    dropHint: 'Перетащите файл сюда или вставьте картинку из буфера обмена (Ctrl+V).',
    dropRelease: 'Отпустите файл, чтобы загрузить его',
    loading: 'Открываю изображение…',
    current: 'Сейчас: {name}, {width}×{height}',
    currentCamera: 'Сейчас: камера «{name}»',

    cameraStart: 'Включить камеру',
    cameraStop: 'Выключить камеру',
    cameraStarting: 'Включаю камеру…',
    cameraSelect: 'Камера',
    cameraUnnamed: 'Камера {n}',
    cameraDefaultName: 'веб-камера',
    mirror: 'Зеркальное отображение',

    galleryTitle: 'Примеры',
    sampleAria: 'Открыть пример: {title}',
    sampleCredit: 'Фото: {credit}',
    sampleLicense: 'лицензия {license}',
    sampleSource: 'источник',

    errNotImage: 'Этот файл — не изображение (похоже, {what}). Выберите фотографию в формате JPEG, PNG, WebP, GIF или BMP.',
    errUnknownType: 'Не удалось распознать файл как изображение. Выберите фотографию в формате JPEG, PNG, WebP, GIF или BMP.',
    errEmptyFile: 'Файл пустой (0 байт).',
    errZeroSize: 'У изображения нулевой размер ({width}×{height}) — показывать нечего.',
    errDamaged: 'Изображение повреждено или сохранено в неподдерживаемом формате.',
    errTruncated: 'Изображение повреждено: файл обрывается раньше времени (видимо, скачался не полностью). Скачайте его заново.',
    errUnsupported: 'Браузер не умеет открывать формат {format}. Сохраните изображение как JPEG или PNG.',
    errTooLarge: 'Изображение слишком большое ({width}×{height}). Предел — {maxMp} млн пикселей.',
    errTooLargeUnknown: 'Изображение слишком большое: браузер не может его открыть.',
    errReadFailed: 'Не удалось прочитать файл. Возможно, его переместили или удалили.',
    errNoFile: 'Сюда можно перетащить только файл. Картинку с веб-страницы сначала сохраните на диск.',
    errSampleLoad: 'Не удалось загрузить пример «{title}».',

    camInsecure:
      'Камера работает только на защищённой странице: откройте приложение по адресу https://… или http://localhost.',
    camUnsupported: 'Этот браузер не даёт доступа к камере. Попробуйте свежий Chrome, Firefox или Safari.',
    camDenied:
      'Доступ к камере запрещён. Нажмите на значок камеры или замка в адресной строке, разрешите камеру и попробуйте снова. Если не помогло, проверьте разрешения в настройках системы.',
    camNotFound: 'Камера не найдена. Подключите камеру и попробуйте снова.',
    camBusy: 'Камера занята другой программой (Zoom, Teams, другая вкладка?). Закройте её и попробуйте снова.',
    camNoFrames: 'Камера включилась, но не передаёт изображение. Попробуйте выбрать другую камеру или переподключить её.',
    camOther: 'Не удалось включить камеру (ошибка {name}).',
    camEnded: 'Камера отключилась.',

    what_pdf: 'это документ PDF',
    what_zip: 'это ZIP-архив или документ Office',
    what_gzip: 'это архив GZIP',
    what_rar: 'это архив RAR',
    what_7z: 'это архив 7-Zip',
    what_video: 'это видео',
    what_audio: 'это аудиозапись',
    what_executable: 'это программа',
    what_html: 'это веб-страница (HTML)',
    what_text: 'это текстовый файл',

    noticeTruncated: 'Файл, похоже, обрезан: нижней части изображения может не быть.',
    noticeDownscaled:
      'Большое изображение ({width}×{height}) — обрабатывается в размере {workWidth}×{workHeight}; результаты — в пикселях оригинала.',
    noticeFirstOfMany: 'Файлов несколько ({count}) — открыт первый: {name}.',
  },
  en: {
    groupLabel: 'Image source',
    chooseFile: 'Choose an image…',
    dropHint: 'Drop a file here or paste an image from the clipboard (Ctrl+V).',
    dropRelease: 'Release the file to load it',
    loading: 'Opening the image…',
    current: 'Current: {name}, {width}×{height}',
    currentCamera: 'Current: camera “{name}”',

    cameraStart: 'Start camera',
    cameraStop: 'Stop camera',
    cameraStarting: 'Starting the camera…',
    cameraSelect: 'Camera',
    cameraUnnamed: 'Camera {n}',
    cameraDefaultName: 'webcam',
    mirror: 'Mirror the preview',

    galleryTitle: 'Samples',
    sampleAria: 'Open sample: {title}',
    sampleCredit: 'Photo: {credit}',
    sampleLicense: 'licence {license}',
    sampleSource: 'source',

    errNotImage: 'This file is not an image ({what} detected). Please choose a JPEG, PNG, WebP, GIF or BMP photo.',
    errUnknownType: 'This file does not look like an image. Please choose a JPEG, PNG, WebP, GIF or BMP photo.',
    errEmptyFile: 'The file is empty (0 bytes).',
    errZeroSize: 'The image has zero size ({width}×{height}); there is nothing to show.',
    errDamaged: 'The image is damaged or in an unsupported format.',
    errTruncated: 'The image is damaged: the file ends too early (probably an incomplete download). Download it again.',
    errUnsupported: 'This browser cannot open {format} images. Save the image as JPEG or PNG.',
    errTooLarge: 'The image is too large ({width}×{height}). The limit is {maxMp} million pixels.',
    errTooLargeUnknown: 'The image is too large: the browser cannot open it.',
    errReadFailed: 'Could not read the file. It may have been moved or deleted.',
    errNoFile: 'Only files can be dropped here. Save a picture from a web page to disk first.',
    errSampleLoad: 'Could not load the sample “{title}”.',

    camInsecure: 'The camera only works on a secure page: open the app at https://… or http://localhost.',
    camUnsupported: 'This browser gives no access to the camera. Try a recent Chrome, Firefox or Safari.',
    camDenied:
      'Camera access was denied. Click the camera or lock icon in the address bar, allow the camera and try again. If that does not help, check the permissions in the system settings.',
    camNotFound: 'No camera found. Connect a camera and try again.',
    camBusy: 'The camera is busy in another app (Zoom, Teams, another tab?). Close it and try again.',
    camNoFrames: 'The camera started but sends no picture. Try another camera or reconnect it.',
    camOther: 'Could not start the camera (error {name}).',
    camEnded: 'The camera was disconnected.',

    what_pdf: 'PDF',
    what_zip: 'ZIP archive or Office document',
    what_gzip: 'GZIP archive',
    what_rar: 'RAR archive',
    what_7z: '7-Zip archive',
    what_video: 'video',
    what_audio: 'audio',
    what_executable: 'program',
    what_html: 'web page (HTML)',
    what_text: 'text file',

    noticeTruncated: 'The file seems truncated; the lower part of the image may be missing.',
    noticeDownscaled:
      'Large image ({width}×{height}) — processed at {workWidth}×{workHeight}; results are in original pixels.',
    noticeFirstOfMany: 'Several files ({count}): opened the first one, {name}.',
  },
});

export type ImageSourceTextKey = keyof (typeof imageSourceTexts)['ru'];
